"""Public events URLs under the language prefix (/fi/…, /sv/…)."""

app_name = "events"
urlpatterns = []
