"""The directory module keeps no data of its own: the associations, their categories and confirmations
are `home`'s models, submissions are engagement's PageSubmission. Its page type is in pages.py.

The module exists so that Django treats the app as one with models (content types and permissions
for AssociationFormPage are made after migrate only for such apps)."""
