from django.db import migrations


class Migration(migrations.Migration):
    """The one global facts version gives way to per-subtree versions kept in the cache
    (apps.core.tree_versions): a change in one province no longer empties every dashboard."""

    dependencies = [
        ("congresses", "0006_delegate_rules"),
    ]

    operations = [
        migrations.DeleteModel(name="FactsVersion"),
    ]
