"""Reading the rules' YAML data files (jurisdiction profiles, dated parameters) quickly and exactly as PyYAML's
safe loader reads them."""

from __future__ import annotations

from typing import Any

import yaml

#: libyaml's parser when PyYAML was built with it: the same documents (the safe loader's constructors and
#: resolvers are shared), several times faster to read at start-up. Else PyYAML's own.
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """``yaml.safe_load(text)``, parsed by libyaml where available.

    A document libyaml refuses is read again by PyYAML's own parser, so a bad file's error (line, column and the
    offending text) is worded as before, and a document the two parsers read differently yields PyYAML's reading.

    Raises:
        yaml.YAMLError: the text is not YAML.

    Examples:
        >>> safe_load("a: [1, 2]\\nb: 2025-01-01")
        {'a': [1, 2], 'b': datetime.date(2025, 1, 1)}
    """
    if _LOADER is not yaml.SafeLoader:
        try:
            return yaml.load(text, Loader=_LOADER)  # noqa: S506  (a safe loader: libyaml's SafeLoader)
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)
