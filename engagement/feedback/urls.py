"""Public feedback URLs under the language prefix (/fi/…, /sv/…)."""

app_name = "feedback"
urlpatterns = []
