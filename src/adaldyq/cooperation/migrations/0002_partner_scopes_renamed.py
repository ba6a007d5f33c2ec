"""Partner scopes get the `partner:` prefix, so that no partner token carries a scope
an internal endpoint accepts (a partner with an expired agreement could screen the
agency's internal lists through POST /api/v1/screen with its `screen` scope).

Renames the scopes of every agreement and of every partner token; reversible."""

from django.db import migrations

LEGACY = {"screen": "partner:screen", "register:read": "partner:register:read",
          "requests:read": "partner:requests:read"}


def _rename(scopes: list[str], names: dict[str, str]) -> list[str]:
    return sorted({names.get(s, s) for s in scopes or []})


def _apply(apps, names: dict[str, str]) -> None:
    Agreement = apps.get_model("cooperation", "Agreement")
    ApiToken = apps.get_model("core", "ApiToken")
    for agreement in Agreement.objects.all():
        agreement.api_scopes = _rename(agreement.api_scopes, names)
        agreement.save(update_fields=["api_scopes"])
    for token in ApiToken.objects.filter(partner_id__isnull=False):
        token.scopes = _rename(token.scopes, names)
        token.save(update_fields=["scopes"])


def forwards(apps, schema_editor) -> None:
    _apply(apps, LEGACY)


def backwards(apps, schema_editor) -> None:
    _apply(apps, {new: old for old, new in LEGACY.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("cooperation", "0001_initial"),
        ("core", "0003_allow_truncate_by_owner"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
