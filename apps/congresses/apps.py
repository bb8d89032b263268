from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressesConfig(AppConfig):
    name = "apps.congresses"
    verbose_name = _("Đại hội")

    def ready(self) -> None:
        # Cache invalidation is what signals are for: any save of a fact, from a service or
        # the admin, retires the cached roll-ups of the subtrees holding it (apps.congresses.cache).
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from .cache import fact_changed

        for label in (
            "congresses.Congress",
            "congresses.SuperiorReport",
            "congresses.LessonsMeeting",
            "congresses.Term",
            "congresses.RuleSet",
            "documents.Circulation",
            "organizations.Organization",
            "organizations.Membership",
            "organizations.OrganizationGroupObjectPermission",
            "organizations.WorkingGroup",
        ):
            model = apps.get_model(label)
            post_save.connect(fact_changed, sender=model, dispatch_uid=f"facts-save-{label}")
            post_delete.connect(fact_changed, sender=model, dispatch_uid=f"facts-del-{label}")
        working_group = apps.get_model("organizations.WorkingGroup")
        for relation in (working_group.members.through, working_group.followed.through):
            m2m_changed.connect(fact_changed, sender=relation, dispatch_uid=f"facts-m2m-{relation}")
