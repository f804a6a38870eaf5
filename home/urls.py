"""Public content URLs under the language prefix, besides the page tree."""

app_name = "home"
urlpatterns = []
