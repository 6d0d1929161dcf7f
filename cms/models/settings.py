"""Site settings edited by the bureau in the Wagtail admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class PortalSettings(BaseSiteSetting):
    """Who runs the portal and how to reach them; shown in every page's
    footer."""

    bureau_name = models.CharField(
        _("responsible bureau"), max_length=128, default="景德镇市文化广电新闻出版旅游局"
    )
    bureau_address = models.CharField(_("address"), max_length=255, blank=True)
    bureau_phone = models.CharField(_("telephone"), max_length=64, blank=True)
    bureau_email = models.EmailField(_("email"), blank=True)
    icp_number = models.CharField(
        _("ICP registration number"), max_length=64, blank=True, help_text="赣ICP备…号"
    )
    government_site_code = models.CharField(
        _("government website identifier"), max_length=32, blank=True
    )

    class Meta:
        verbose_name = _("portal settings")
        verbose_name_plural = _("portal settings")
