from corrigenda.reports.selectors import sites_for_user

from .selectors import shortcuts_enabled


def desk_sites(request):
    """The sites in the desk's navigation (only those the user may open), and whether
    the user's single-key shortcuts are on."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"desk_sites": [], "shortcuts_enabled": False}
    return {"desk_sites": sites_for_user(user), "shortcuts_enabled": shortcuts_enabled(user)}
