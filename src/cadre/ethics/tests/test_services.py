"""Declarations, gifts and cases: exact refusals with nothing saved, the conflict question,
sanctions and their effect, the audit of reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from cadre.core.errors import ApplicationError
from cadre.core.models import AuditEvent
from cadre.core.testing.world import World
from cadre.ethics import selectors, services
from cadre.ethics.models import Case, Declaration, Gift, Member
from cadre.ethics.rules import BONUS

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 7)


def refused(fn: Any, **kw: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        fn(**kw)
    return caught.value


def declare(world: World, people: dict[str, Any], **kw: Any) -> Declaration:
    values = {
        "actor": world.users["employee_a1"],
        "employee": people["aliya"],
        "kind": "kin",
        "related_employee": people["erlan"],
        "starts_on": dt.date(2020, 1, 1),
        **kw,
    }
    return services.declaration_create(**values)


class TestDeclarations:
    def test_about_oneself_refused_and_nothing_saved(self, world: World, people: Any) -> None:
        error = refused(declare, world=world, people=people, related_employee=people["aliya"])
        assert (str(error), error.code, list(error.errors)) == (
            "A declaration cannot be about oneself.",
            "self",
            ["related_employee"],
        )
        assert not Declaration.objects.exists()

    def test_dates_out_of_order_refused(self, world: World, people: Any) -> None:
        error = refused(declare, world=world, people=people, ends_on=dt.date(2019, 12, 31))
        assert (str(error), list(error.errors)) == (
            "The end date cannot be before the start date.",
            ["ends_on"],
        )
        assert not Declaration.objects.exists()

    def test_only_the_person_or_the_officer_declares(self, world: World, people: Any) -> None:
        error = refused(declare, world=world, people=people, actor=world.users["hr_a"])
        assert error.code == "scope"
        assert not Declaration.objects.exists()
        row = declare(world, people, actor=world.users["ethics_a"])
        assert row.confirmed_on == timezone.localdate()
        assert (
            AuditEvent.objects.filter(
                action="create", object_type="ethics.declaration", object_id=str(row.pk)
            ).count()
            == 1
        )

    def test_review_and_confirm(self, world: World, people: Any) -> None:
        row = declare(world, people)
        error = refused(services.declaration_review, actor=world.users["hr_a"], declaration=row)
        assert error.code == "scope"
        services.declaration_review(actor=world.users["ethics_a"], declaration=row)
        row.refresh_from_db()
        assert (row.review_state, row.reviewed_by) == ("reviewed", world.users["ethics_a"])
        Declaration.objects.filter(pk=row.pk).update(confirmed_on=dt.date(2025, 1, 1))
        assert Declaration.objects.filter(selectors.confirmation_due(TODAY)).count() == 1
        services.declaration_confirm(actor=world.users["employee_a1"], declaration=row)
        row.refresh_from_db()
        assert (row.confirmed_on, row.review_state) == (timezone.localdate(), "submitted")

    def test_reminders_once_per_year(self, world: World, people: Any, mailoutbox: Any) -> None:
        from cadre.ethics.jobs import declarations_remind

        row = declare(world, people)
        assert declarations_remind(today=TODAY) == 0
        Declaration.objects.filter(pk=row.pk).update(confirmed_on=TODAY - dt.timedelta(days=340))
        assert declarations_remind(today=TODAY) == 1
        assert declarations_remind(today=TODAY) == 0
        assert AuditEvent.objects.filter(action="declaration.remind").count() == 1


class TestConflicts:
    def test_declared_relation_is_a_conflict_both_ways_reason_without_details(
        self, world: World, people: Any
    ) -> None:
        declare(world, people, description="My brother-in-law")
        aliya, erlan = people["aliya"], people["erlan"]
        assert selectors.declared_bulk([(aliya.pk, erlan.pk), (erlan.pk, aliya.pk)]) == {
            (aliya.pk, erlan.pk): "kin",
            (erlan.pk, aliya.pk): "kin",
        }
        found = selectors.conflicts(world.users["erlan"], aliya)
        assert [(c.kind, c.reason) for c in found] == [("declared", "declared interest: kin")]
        assert "brother" not in found[0].reason

    def test_same_body_and_manager_from_the_records(self, world: World, people: Any) -> None:
        found = selectors.conflicts(people["bolat"], people["aliya"])
        assert [c.kind for c in found] == ["same_body"]
        manager = selectors.conflicts(world.users["manager_a1"], people["aliya"])
        assert [c.kind for c in manager] == ["manager"]

    def test_an_ended_relation_no_longer_counts(self, world: World, people: Any) -> None:
        declare(world, people, ends_on=dt.date(2021, 1, 1))
        assert selectors.declared_bulk([(people["aliya"].pk, people["erlan"].pk)]) == {}


class TestGifts:
    def test_value_in_minor_units_and_decision(self, world: World, people: Any) -> None:
        gift = services.gift_create(
            actor=world.users["employee_a1"],
            employee=people["aliya"],
            kind="gift",
            description="Watch",
            received_on=dt.date(2026, 11, 1),
            value="15000.50",
            currency="kzt",
        )
        assert (gift.value, gift.currency) == (1500050, "KZT")
        services.gift_decide(actor=world.users["ethics_a"], gift=gift, decision="handed_over")
        gift.refresh_from_db()
        assert (gift.decision, gift.decided_by) == ("handed_over", world.users["ethics_a"])

    def test_too_many_decimals_refused(self, world: World, people: Any) -> None:
        error = refused(
            services.gift_create,
            actor=world.users["employee_a1"],
            employee=people["aliya"],
            kind="gift",
            description="Watch",
            received_on=dt.date(2026, 11, 1),
            value="1.005",
            currency="KZT",
        )
        assert (str(error), list(error.errors)) == (
            "The value has more decimals than KZT has.",
            ["value"],
        )
        assert not Gift.objects.exists()


def open_case(world: World, people: Any, **kw: Any) -> Case:
    case = services.case_open(
        actor=world.users["ethics_a"],
        employee=people["aliya"],
        grounds="Late reports",
        complainant=world.users["manager_a1"],
        **kw,
    )
    return case


def ready(world: World, people: Any) -> Case:
    case = open_case(world, people)
    services.case_explain(actor=world.users["employee_a1"], case=case, explanation="Ill")
    services.case_commission(
        actor=world.users["ethics_a"], case=case, members=[world.users["ethics_a2"]]
    )
    return case


class TestCases:
    def test_opened_by_hr_not_by_a_manager(self, world: World, people: Any) -> None:
        error = refused(
            services.case_open,
            actor=world.users["manager_a1"],
            employee=people["aliya"],
            grounds="x",
        )
        assert error.code == "scope"
        case = services.case_open(actor=world.users["hr_a"], employee=people["aliya"], grounds="x")
        assert case.state == "open"

    def test_relative_or_complainant_refused_on_the_commission(
        self, world: World, people: Any
    ) -> None:
        declare(world, people)  # Aliya declares Erlan kin
        case = open_case(world, people)
        error = refused(
            services.case_commission,
            actor=world.users["ethics_a"],
            case=case,
            members=[world.users["erlan"]],
        )
        assert (str(error), error.code) == (
            "erlan may not decide this case: a declared relation with the person.",
            "conflict",
        )
        error = refused(
            services.case_commission,
            actor=world.users["ethics_a"],
            case=case,
            members=[world.users["manager_a1"]],
        )
        assert str(error) == "manager_a1 may not decide this case: the complainant."
        assert not Member.objects.exists()

    def test_decided_by_a_member_who_declared_since_is_refused(
        self, world: World, people: Any
    ) -> None:
        case = open_case(world, people)
        services.case_explain(actor=world.users["employee_a1"], case=case, explanation="Ill")
        services.case_commission(
            actor=world.users["ethics_a"], case=case, members=[world.users["erlan"]]
        )
        declare(world, people)
        error = refused(
            services.case_decide,
            actor=world.users["erlan"],
            case=case,
            outcome="dismissed",
            decision_text="No breach",
        )
        assert error.code == "conflict"
        case.refresh_from_db()
        assert (case.state, case.outcome) == ("explained", "")

    def test_sanction_without_decision_or_beyond_the_law_refused(
        self, world: World, people: Any
    ) -> None:
        case = ready(world, people)
        member = world.users["ethics_a2"]
        error = refused(
            services.case_decide,
            actor=member,
            case=case,
            outcome="dismissed",
            decision_text="No",
            sanction="reprimand",
        )
        assert (str(error), error.code) == ("A dismissed case carries no sanction.", "no_decision")
        error = refused(
            services.case_decide,
            actor=member,
            case=case,
            outcome="upheld",
            decision_text="Breach",
            sanction="reprimand",
            term_months=7,
        )
        assert (str(error), list(error.errors)) == (
            "The law allows at most 6 months for this sanction "
            "(KZ: Labour Code art. 66; Law 416-V on the civil service).",
            ["term_months"],
        )
        case.refresh_from_db()
        assert (case.state, case.sanction, case.sanction_until) == ("explained", "", None)

    def test_upheld_sanction_blocks_the_bonus_with_the_case_cited(
        self, world: World, people: Any
    ) -> None:
        case = ready(world, people)
        services.case_decide(
            actor=world.users["ethics_a2"],
            case=case,
            outcome="upheld",
            decision_text="Breach",
            sanction="reprimand",
            term_months=6,
        )
        case.refresh_from_db()
        assert case.sanction_until is not None
        today = timezone.localdate()
        assert case.sanction_from == today
        assert case.legal_basis == "KZ: Labour Code art. 66; Law 416-V on the civil service"
        assert selectors.active_sanction(people["aliya"]) == case
        line = selectors.blocked([people["aliya"]], BONUS)[people["aliya"].pk]
        assert line == (
            f"not eligible: active sanction until {case.sanction_until.isoformat()} "
            f"(case {case.pk}; KZ: Labour Code art. 66; Law 416-V on the civil service)"
        )

        class Fund:
            class period:
                end = today

        assert selectors.bonus_ineligible(Fund, [people["aliya"].pk, people["bolat"].pk]) == {
            people["aliya"].pk: line
        }
        # The appeal: confirmed keeps it, annulled ends it.
        services.case_appeal(actor=world.users["employee_a1"], case=case, grounds="Too harsh")
        error = refused(
            services.case_appeal_decide,
            actor=world.users["ethics_a2"],
            case=case,
            outcome="annulled",
        )
        assert error.code == "scope"  # sat on the commission
        services.case_appeal_decide(actor=world.users["ethics_a"], case=case, outcome="annulled")
        assert selectors.active_sanction(people["aliya"]) is None

    def test_sanction_expires(self, world: World, people: Any) -> None:
        case = ready(world, people)
        services.case_decide(
            actor=world.users["ethics_a2"],
            case=case,
            outcome="upheld",
            decision_text="Breach",
            sanction="remark",
            term_months=1,
        )
        case.refresh_from_db()
        assert case.sanction_until is not None
        later = case.sanction_until + dt.timedelta(days=1)
        assert selectors.active_sanction(people["aliya"], on=later) is None
        assert services.sanctions_expire(today=later) == 1
        case.refresh_from_db()
        assert case.state == "closed"

    def test_reads_audited_except_the_persons_own(self, world: World, people: Any) -> None:
        case = open_case(world, people)
        services.case_read(actor=world.users["employee_a1"], case=case)
        assert not AuditEvent.objects.filter(action="case.read").exists()
        services.case_read(actor=world.users["ethics_a"], case=case)
        event = AuditEvent.objects.get(action="case.read")
        assert (event.actor, event.object_id) == (world.users["ethics_a"], str(case.pk))

    def test_who_sees_a_case(self, world: World, people: Any) -> None:
        case = ready(world, people)
        sees = {
            name: Case.objects.restrict(world.users[name]).filter(pk=case.pk).exists()
            for name in (
                "employee_a1",
                "ethics_a",
                "ethics_a2",
                "hr_a",
                "admin",
                "auditor",
                "manager_a1",
                "bolat",
            )
        }
        assert sees == {
            "employee_a1": True,
            "ethics_a": True,
            "ethics_a2": True,
            "hr_a": False,
            "admin": False,
            "auditor": False,
            "manager_a1": False,
            "bolat": False,
        }


class TestFigures:
    def test_counts_per_body_and_the_page_and_export(
        self, world: World, people: Any, as_user: Any
    ) -> None:
        from cadre.ethics.figures import ethics_figures

        row = declare(world, people)
        Declaration.objects.filter(pk=row.pk).update(confirmed_on=TODAY - dt.timedelta(days=400))
        declare(world, people, related_employee=people["bolat"], kind="other")
        case = ready(world, people)
        services.case_decide(
            actor=world.users["ethics_a2"], case=case, outcome="dismissed", decision_text="No"
        )
        open_case(world, people)
        rows = ethics_figures(world.users["ethics_a"], today=TODAY)
        assert [
            (r.body, r.declarations, r.overdue, r.cases, r.upheld, r.dismissed, r.days_to_decision)
            for r in rows
        ] == [("Body A", 2, 1, 2, 0, 1, 0.0)]
        assert ethics_figures(world.users["hr_a"], today=TODAY) == []
        assert as_user("hr_a").get("/ethics/figures/").status_code == 403
        page = as_user("ethics_a").get("/ethics/figures/")
        assert page.status_code == 200
        export = as_user("ethics_a").get("/ethics/figures/?export=csv")
        text = b"".join(export.streaming_content).decode("utf-8-sig")
        assert text.splitlines()[1].split(",")[:8] == ["", "Body A", "2", "0", "1", "2", "0", "1"]

    def test_the_ethics_section_of_the_analytics_dashboard(
        self, world: World, people: Any, as_user: Any
    ) -> None:
        row = declare(world, people)
        Declaration.objects.filter(pk=row.pk).update(confirmed_on=TODAY - dt.timedelta(days=400))
        declare(world, people, related_employee=people["bolat"], kind="other")
        case = ready(world, people)
        services.case_decide(
            actor=world.users["ethics_a2"], case=case, outcome="dismissed", decision_text="No"
        )
        open_case(world, people)
        summary = selectors.summary_under(
            world.users["ethics_a"], world.orgs["body_a"].path, today=TODAY
        )
        assert (summary.declarations, summary.overdue, summary.cases, summary.undecided) == (
            2,
            1,
            2,
            1,
        )
        assert (summary.outcomes, summary.sanctions, summary.median_days) == (
            [("Dismissed", 1)],
            [],
            0.0,
        )
        url = f"/analytics/{world.orgs['body_a'].pk}/"
        officer = as_user("ethics_a")
        officer.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        page = officer.get(url)
        assert page.status_code == 200
        text = page.content.decode()
        assert "<dt>Declarations in force</dt><dd>2</dd>" in text
        assert "<dt>Declarations overdue</dt><dd>1</dd>" in text
        assert "<dt>Ethics cases</dt><dd>2</dd>" in text
        assert "<dt>Cases awaiting a decision</dt><dd>1</dd>" in text
        assert "<dt>Dismissed</dt><dd>1</dd>" in text
        assert "<dt>Median days to decision</dt><dd>0.0</dd>" in text
        assert 'href="/ethics/figures/"' in text
        assert text.count('id="eth-h"') == 1  # once, and not in the page's <title>
        for name in ("hr_a", "admin"):
            client = as_user(name)
            client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
            other = client.get(url)
            assert other.status_code == 200
            assert 'id="eth-h"' not in other.content.decode()
            assert "/ethics/figures/" not in other.content.decode()
