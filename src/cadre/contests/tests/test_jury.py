"""The jury: conflicts and recusal, scorecards (once, on the scale, calibration first),
blind scores, and the results with exact totals, ranks, flags, α, feedback and evidence."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from cadre.assessments.models import Evidence
from cadre.contests import services
from cadre.contests.models import Application, Recusal, Score
from cadre.contests.tests.conftest import admit, apply, score
from cadre.core.errors import ApplicationError
from cadre.core.testing.world import World
from cadre.talent.models import ReserveEntry


def _refused(fn: Any, **kw: Any) -> ApplicationError:
    with pytest.raises(ApplicationError) as caught:
        fn(**kw)
    return caught.value


@pytest.fixture
def entries(world: World, setup: dict[str, Any]) -> dict[str, Application]:
    made = {
        "a": apply(world, setup, "employee_a1", "E-licensing"),
        "b": apply(world, setup, "ext", "Chatbot"),
        "c": apply(world, setup, "ext2", "Open budget"),
    }
    return {k: admit(world, e) for k, e in made.items()}


def _score_all(world: World, entries: dict[str, Application]) -> None:
    a, b, c = entries["a"], entries["b"], entries["c"]
    score(world, "juror1", a, 5, 5, 5)
    score(world, "juror1", b, 3, 3, 3)
    score(world, "juror1", c, 4, 4, 4)
    score(world, "juror2", a, 4, 4, 4)
    score(world, "juror2", b, 2, 2, 2)
    score(world, "juror2", c, 3, 3, 3)
    score(world, "juror3", a, 5, 4, 3)
    score(world, "juror3", b, 1, 1, 1)
    score(world, "juror3", c, 5, 5, 5)


@pytest.mark.django_db
class TestConflicts:
    def test_same_body_is_found_and_the_juror_recused(
        self, world: World, setup: dict[str, Any]
    ) -> None:
        entry = admit(world, apply(world, setup, "erlan", "Registry"))
        recusal = Recusal.objects.get(application=entry)
        assert (recusal.juror.user.username, recusal.kind) == ("juror1", "same_body")
        error = _refused(
            services.scorecard_submit,
            actor=world.users["juror1"],
            application=entry,
            scores={"IDEA": 3, "TECH": 3, "IMPACT": 3},
        )
        assert (str(error), error.code) == ("You are recused from this entry.", "recused")
        assert not Score.objects.filter(application=entry).exists()

    def test_declared_kin_recuses_and_only_the_organiser_reads_the_reason(
        self, world: World, setup: dict[str, Any], entries: dict[str, Application], as_user: Any
    ) -> None:
        entry = entries["b"]
        response = as_user("juror2").post(
            reverse("contests:application_declare", args=[entry.pk]),
            {"kind": "kin", "detail": "My cousin"},
        )
        assert response.status_code == 302
        assert Recusal.objects.get(application=entry).kind == "kin"
        url = entry.get_absolute_url()
        organiser = as_user("hr_a").get(url).content.decode()
        assert "Kin of the applicant: My cousin" in organiser
        for other in ("juror2", "juror3", "ext"):
            assert "My cousin" not in as_user(other).get(url).content.decode()
        error = _refused(
            services.scorecard_submit,
            actor=world.users["juror2"],
            application=entry,
            scores={"IDEA": 3, "TECH": 3, "IMPACT": 3},
        )
        assert str(error) == "You are recused from this entry."


@pytest.mark.django_db
class TestScorecards:
    def test_twice_and_outside_the_scale_are_refused_and_nothing_changes(
        self, world: World, setup: dict[str, Any], entries: dict[str, Application], api_as: Any
    ) -> None:
        entry = entries["a"]
        client = api_as("juror1")
        url = f"/api/v1/contest-entries/{entry.pk}/score/"
        response = client.post(url, {"scores": {"IDEA": 6, "TECH": 0, "IMPACT": 3}}, format="json")
        assert response.status_code == 400
        assert [e["message"] for e in response.json()["errors"]] == [
            "Score “Idea” from 1 to 5.",
            "Score “Technology” from 1 to 5.",
        ]
        assert Score.objects.count() == 0
        response = client.post(url, {"scores": {"IDEA": 4, "TECH": 4, "IMPACT": 3}}, format="json")
        assert response.status_code == 200
        response = client.post(url, {"scores": {"IDEA": 5, "TECH": 5, "IMPACT": 5}}, format="json")
        assert response.status_code == 409
        assert response.json()["errors"][0]["message"] == "You have scored this entry already."
        assert sorted(Score.objects.values_list("value", flat=True)) == [3, 4, 4]

    def test_only_jurors_of_the_category_score(
        self, world: World, setup: dict[str, Any], entries: dict[str, Application], api_as: Any
    ) -> None:
        # the DATA juror does not even see a GOV entry
        url = f"/api/v1/contest-entries/{entries['a'].pk}/score/"
        response = api_as("juror_data").post(url, {"scores": {"IDEA": 3}}, format="json")
        assert response.status_code == 404

    def test_the_calibration_entry_comes_first_and_stays_out_of_the_results(
        self, world: World, setup: dict[str, Any], entries: dict[str, Application]
    ) -> None:
        calibration = services.calibration_add(
            actor=world.users["hr_a"], category=setup["gov"], title="Calibration", summary="Sample"
        )
        error = _refused(
            score, world=world, username="juror1", entry=entries["a"], idea=3, tech=3, impact=3
        )
        assert str(error) == "Score the calibration entry “Calibration” first."
        for juror in ("juror1", "juror2", "juror3"):
            score(world, juror, calibration, 1, 1, 1)
        _score_all(world, entries)
        services.results_publish(actor=world.users["hr_a"], contest=setup["contest"])
        calibration.refresh_from_db()
        assert calibration.rank is None and calibration.raw_total is None
        entries["a"].refresh_from_db()
        assert entries["a"].raw_total == Decimal("4.433")  # calibration scores not in the mean

    def test_scores_are_blind_until_the_juror_submits(
        self, world: World, setup: dict[str, Any], entries: dict[str, Application], as_user: Any
    ) -> None:
        entry = entries["a"]
        score(world, "juror1", entry, 5, 5, 5)
        page = as_user("juror2").get(entry.get_absolute_url()).content.decode()
        assert "Juror1" not in page and "juror1" not in page
        assert "The other jurors' scores are shown once you have submitted yours." in page
        response = as_user("juror2").post(
            reverse("contests:application_score", args=[entry.pk]),
            {"c_IDEA": "4", "c_TECH": "4", "c_IMPACT": "4"},
        )
        assert response.status_code == 302
        page = as_user("juror2").get(entry.get_absolute_url()).content.decode()
        assert "juror1" in page


@pytest.mark.django_db
class TestResults:
    def test_fewer_than_three_scores_hold_the_results(
        self, world: World, setup: dict[str, Any], entries: dict[str, Application]
    ) -> None:
        score(world, "juror1", entries["a"], 5, 5, 5)
        error = _refused(
            services.results_publish, actor=world.users["hr_a"], contest=setup["contest"]
        )
        assert str(error).startswith("3 entries have fewer than 3 jurors' scores (e.g. ")
        assert Application.objects.filter(rank__isnull=False).count() == 0

    def test_totals_ranks_flags_agreement_feedback_and_evidence(
        self, world: World, setup: dict[str, Any], entries: dict[str, Application], as_user: Any
    ) -> None:
        _score_all(world, entries)
        contest = services.results_publish(actor=world.users["hr_a"], contest=setup["contest"])
        got = {
            k: (e.raw_total, e.z_total, e.rank, e.outcome, e.flagged)
            for k, e in ((k, Application.objects.get(pk=e.pk)) for k, e in entries.items())
        }
        assert got == {
            "a": (Decimal("4.433"), Decimal("0.982"), 1, "winner", False),
            "c": (Decimal("4.000"), Decimal("0.299"), 2, "winner", True),
            "b": (Decimal("2.000"), Decimal("-1.282"), 3, "finalist", True),
        }
        assert set(contest.agreement) == {"IDEA", "TECH", "IMPACT"}
        assert all(isinstance(v, float) for v in contest.agreement.values())
        feedback = Application.objects.get(pk=entries["a"].pk).feedback
        assert feedback["TECH"] == {
            "criterion": "Technology",
            "weight": 30,
            "mean": 4.333,
            "category_mean": 3.444,
            "descriptor": "Strong",
        }
        # Aliya is an employee: TECH's mean 4.333 → score 4 → SA.1 level 3, as evidence
        evidence = Evidence.objects.get(employee=setup["aliya"])
        assert (evidence.code, evidence.level, evidence.instrument) == ("SA.1", 3, "contest")
        assert evidence.source == f"contest-entry:{entries['a'].pk}"
        page = as_user("employee_a1").get(entries["a"].get_absolute_url()).content.decode()
        assert "Strong" in page and "4.333" in page
        # winners and finalists enter body A's reserve for the contest's post group
        reserve = {
            (r.employee_id, r.candidate_id): (r.source, r.source_ref, r.post_group, r.levels)
            for r in ReserveEntry.objects.all()
        }
        ids = {k: e.pk for k, e in entries.items()}
        assert reserve == {
            (setup["aliya"].pk, None): ("contest", f"contest-entry:{ids['a']}", "B", {"SA.1": 3}),
            (None, world.users["ext2"].pk): (
                "contest",
                f"contest-entry:{ids['c']}",
                "B",
                {"SA.1": 3},
            ),
            (None, world.users["ext"].pk): (
                "contest",
                f"contest-entry:{ids['b']}",
                "B",
                {"SA.1": 1},
            ),
        }
        assert {r.organisation_id for r in ReserveEntry.objects.all()} == {world.orgs["body_a"].pk}
        refused = _refused(services.results_publish, actor=world.users["hr_a"], contest=contest)
        assert str(refused) == "The results are published already."

    def test_only_the_organiser_publishes(
        self, world: World, setup: dict[str, Any], entries: dict[str, Application], api_as: Any
    ) -> None:
        _score_all(world, entries)
        response = api_as("hr_b").post(f"/api/v1/contests/{setup['contest'].pk}/publish/")
        assert response.status_code == 404
        response = api_as("hr_a").get(f"/api/v1/contests/{setup['contest'].pk}/results/")
        assert response.status_code == 200
        rows = response.json()["entries"]
        assert [(r["entry"], r["rank"], r["z_total"]) for r in rows] == [
            (entries["a"].pk, 1, 0.982),
            (entries["c"].pk, 2, 0.299),
            (entries["b"].pk, 3, -1.282),
        ]
        response = api_as("hr_a").post(f"/api/v1/contests/{setup['contest'].pk}/publish/")
        assert response.status_code == 200
        assert response.json()["results_at"] is not None
