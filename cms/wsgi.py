import os

from django.core.wsgi import get_wsgi_application

# A server started without settings must fail loudly, not run with debug on.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

application = get_wsgi_application()
