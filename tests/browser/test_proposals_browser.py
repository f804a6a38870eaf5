"""Proposals in a real browser: make a proposal, confirm a support, see the answer, with axe."""

import re

from django.core import mail
from playwright.sync_api import expect

from engagement.proposals import services
from engagement.proposals.models import Proposal, ProposalState
from home.models import HomePage
from tests.factories.proposals import ProposalIndexPageFactory


def make_index():
    home = HomePage.objects.get(locale__language_code="fi")
    return ProposalIndexPageFactory(parent=home)


def test_make_a_proposal_support_it_and_see_the_answer(page, assert_accessible):
    index = make_index()

    page.goto(index.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Aloitteet")
    assert_accessible(page)

    page.get_by_role("link", name="Tee aloite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tee aloite")
    page.get_by_role("button", name="Lähetä aloite").click()  # empty: errors in Finnish
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Otsikko").fill("Uimaranta Koivujärvelle")
    page.get_by_label("Tiivistelmä").fill("Koivujärven rantaan yleinen uimaranta.")
    page.get_by_label("Koko teksti").fill("Lähin uimaranta on kymmenen kilometrin päässä.")
    page.get_by_label("Nimesi").fill("Aino Virtanen")
    page.get_by_label("Sähköpostiosoitteesi").fill("aino@example.com")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="Lähetä aloite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kiitos aloitteestasi")
    assert_accessible(page)

    proposal = Proposal.objects.get()
    services.publish(proposal)
    page.goto(f"{index.url}{proposal.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Uimaranta Koivujärvelle")
    expect(page.locator(".proposal-language")).to_contain_text("kirjoitettu suomeksi")
    assert_accessible(page)

    page.get_by_role("link", name="Kannata tätä aloitetta").click()
    page.get_by_label("Nimesi").fill("Liisa Laine")
    page.get_by_label("Sähköpostiosoitteesi").fill("liisa@example.com")
    page.locator("input[name=captcha_1]").fill("PASSED")
    page.get_by_role("button", name="Lähetä kannatus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tarkista sähköpostisi")
    assert_accessible(page)

    [message] = [m for m in mail.outbox if m.to == ["liisa@example.com"]]
    link = re.search(r"https?://[^/\s]+(/fi/proposals/support/confirm/[^/\s]+/)", message.body).group(1)
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_role("status")).to_contain_text("Kannatuksesi on vahvistettu")
    page.get_by_role("link", name="Takaisin aloitteeseen").click()
    expect(page.locator(".proposal-count")).to_have_text("1 henkilö kannattaa tätä aloitetta.")

    proposal.refresh_from_db()
    proposal.state = ProposalState.objects.get(slug="accepted")
    proposal.answer_text = "Kunnanhallitus päätti rakentaa uimarannan kesäksi 2027."
    proposal.answer_decided_by = "Kunnanhallitus"
    proposal.save()
    services.notify_state_change(proposal)
    page.reload()
    answer = page.get_by_role("region", name="Virallinen vastaus")
    expect(answer).to_contain_text("Kunnanhallitus päätti rakentaa uimarannan kesäksi 2027.")
    assert_accessible(page)
