"""Corrigenda: a self-hosted corrections desk for online newsrooms."""

__version__ = "0.1.0"
