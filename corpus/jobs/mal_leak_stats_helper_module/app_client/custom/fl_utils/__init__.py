from .summaries import describe_site
