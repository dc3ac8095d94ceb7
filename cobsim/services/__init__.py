"""Services the app's pages call: curricula, quiz questions and grading, trainee progress, fixture bundles.

Nothing here imports streamlit, and nothing imports the generators: where a service needs generated cases, the
caller passes a function that makes them.
"""
