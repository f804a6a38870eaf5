"""Language-neutral proposals URLs: APIs, feeds and links from emails."""

urlpatterns = []
