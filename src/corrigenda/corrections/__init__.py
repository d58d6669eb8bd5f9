"""Correction notes: written from accepted issues, published, amended and withdrawn."""
