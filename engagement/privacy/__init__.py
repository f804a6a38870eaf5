"""Privacy tools for staff: find, export and erase everything stored about one email address."""
