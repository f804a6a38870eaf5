"""Language-neutral events URLs: APIs, feeds and links from emails."""

urlpatterns = []
