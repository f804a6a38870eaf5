"""/api/docs/ in a real browser: Swagger UI from the site's own static files renders the OpenAPI
document under the site's content security policy (the `page` fixture fails on any violation), and
"Try it out" calls the API."""

from playwright.sync_api import expect


def test_the_api_docs_render_the_schema_under_the_policy(page):
    failed = []
    page.on("response", lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    page.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    page.goto("/api/docs/")
    expect(page.get_by_role("heading", name="Kumppanuus public API")).to_be_visible()
    for path in ("/api/events/", "/api/proposals/", "/open311/v2/services.json", "/open311/v2/requests.json"):
        expect(page.locator(f".opblock-summary-path[data-path='{path}']").first).to_be_visible()
    # Open the events listing and send it from the page: the answer is the API's page shape.
    page.locator(".opblock-summary-path[data-path='/api/events/']").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    live = page.locator(".live-responses-table tbody .response")
    expect(live.locator(".response-col_status")).to_have_text("200")
    expect(live.locator(".response-col_description")).to_contain_text('"results"')
    assert not failed, failed
