"""Chromium accepts the desk as an installable app, and shows the offline page when the network is gone."""


def test_chromium_finds_the_app_installable_and_falls_back_to_the_offline_page(persistent_context, live_server):
    page = persistent_context.new_page()
    page.goto(f"{live_server}/login")
    assert page.evaluate("navigator.serviceWorker.ready.then(() => true)") is True

    cdp = persistent_context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []

    persistent_context.set_offline(True)
    page.goto(f"{live_server}/login?x=1")
    assert page.locator("h1").inner_text() == "网络已断开"
    assert page.get_by_role("button", name="重试").is_visible()
