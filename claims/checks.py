"""System checks: the newsroom's review article templates can be filled in."""

from django.conf import settings
from django.core.checks import Error, register

from claims.claimreview import template_error

SETTING_NAMES = {"url": "FACTBASE_REVIEW_URL", "title": "FACTBASE_REVIEW_TITLE"}


@register()
def review_article_templates(app_configs, **kwargs) -> list[Error]:
    errors = []
    for key, name in SETTING_NAMES.items():
        problem = template_error(settings.FACTBASE_REVIEW_ARTICLE.get(key, ""))
        if problem:
            errors.append(Error(f"{name}: {problem}.", id="claims.E001"))
    return errors
