"""/healthz: the load balancer's question "is this process answering?".

Answered by the first middleware, before anything that could refuse or slow it: no
login, no session read or cookie, no host check (balancers often ask by IP
address) and no HTTPS redirect (they often ask over plain HTTP inside the
network). It says nothing about the database on purpose: a database outage would
otherwise take every app server out of the pool at once, and the pages say more
about it than a balancer could."""

from django.http import HttpResponse

HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == HEALTH_PATH and request.method in {"GET", "HEAD"}:
            response = HttpResponse("ok", content_type="text/plain; charset=utf-8")
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
