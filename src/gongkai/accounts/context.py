from django.http import HttpRequest

from gongkai.accounts import access
from gongkai.accounts.models import Role


def role(request: HttpRequest) -> dict:
    """Template variables for the navigation: the user's role and what they may do."""
    user = request.user
    current = access.role_of(user)
    return {
        "role": current,
        "role_label": Role(current).label if current else "",
        "can_manage_registry": access.can_manage_registry(user),
    }
