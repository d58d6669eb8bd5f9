"""A labelled evaluation set for corrigenda.checks, built from templates (see articles.py)."""
