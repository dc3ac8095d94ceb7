"""Streamlit pages of the cobsim app. Thin: they read widgets, call cobsim.services, and render results."""
