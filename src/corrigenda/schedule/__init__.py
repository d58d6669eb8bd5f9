"""Runs the tasks named in settings.PERIODIC_TASKS every so often, inside `corrigenda worker`."""
