"""The versioned JSON API under /api/v1/: validates, calls services, answers JSON."""
