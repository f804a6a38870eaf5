"""Public proposals URLs under the language prefix (/fi/…, /sv/…)."""

app_name = "proposals"
urlpatterns = []
