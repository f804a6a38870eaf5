"""The content side of the site: pages, blocks, navigation, footer, search, site settings and demo content."""
