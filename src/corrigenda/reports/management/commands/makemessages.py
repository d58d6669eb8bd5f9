"""Django's makemessages, also reading the checks' plural marker."""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    # The checks import no Django: they mark plural messages with their own ngettext_noop
    # (corrigenda.checks.findings), which xgettext must read like ngettext.
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=ngettext_noop:1,2"]
