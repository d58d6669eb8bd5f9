from corrigenda.reports.selectors import sites_for_user


def desk_sites(request):
    """The sites in the desk's navigation: only those the user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"desk_sites": []}
    return {"desk_sites": sites_for_user(user)}
