"""Language-neutral feedback URLs: APIs, feeds and links from emails."""

urlpatterns = []
