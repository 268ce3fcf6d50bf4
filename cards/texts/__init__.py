"""Texts by feature; each module has one `TEXTS` dict: key -> {ru, kk, en}. Keys are prefixed by feature."""
