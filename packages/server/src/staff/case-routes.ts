/** The coordinator's case pages: list with search and filters, new cases, the case page and its forms. */
import { type Db, schema } from "@stodkedjan/db";
import { asc } from "drizzle-orm";
import { mayShow, scopeOf } from "../access/policy.ts";
import { ServiceError } from "../cases/errors.ts";
import { listCasesPage } from "../cases/finding.ts";
import {
  caseFilter,
  childCareInput,
  closeInput,
  consultationInput,
  convertInput,
  type IndividualInput,
  individualInput,
  noteInput,
  reopenInput,
  shareInput,
  stepInput,
  taskInput,
} from "../cases/schemas.ts";
import * as cases from "../cases/service.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import * as persons from "../persons/service.ts";
import {
  caseHistoryPage,
  caseListPage,
  casePage,
  closeConfirmPage,
  convertPage,
  newCasePage,
  transferConfirmPage,
  transferOfferPage,
} from "./case-views.ts";
import { fail } from "./errors.ts";
import { formBody, list, num, opt, parse, str } from "./forms.ts";
import { langOf } from "./i18n.ts";
import type { StaffContext } from "./layout.ts";
import { municipalityChoices } from "./municipalities.ts";
import type { Router } from "./router.ts";

/** The person's fields of a form, as the person schema reads them. */
const personOf = (body: Record<string, unknown>) => ({
  ageGroup: str(body.ageGroup),
  birthYear: num(body.birthYear),
  gender: str(body.gender),
  citizenship: opt(body.citizenship)?.toUpperCase(),
  languages: (opt(body.languages) ?? "")
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((l) => l.toLowerCase()),
  name: opt(body.name),
  contact: opt(body.contact),
  identityDocuments: opt(body.identityDocuments),
});

export function mountCases(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, keys, principal };
  };
  const municipalities = async () =>
    db.select().from(schema.municipalities).orderBy(asc(schema.municipalities.name));
  const regions = async () => db.select().from(schema.regions).orderBy(asc(schema.regions.id));

  router.get("/staff/cases", "case.list", async (c) => {
    try {
      // A select left at "Alla" sends an empty value: no filter, not an invalid one.
      const query = Object.entries(c.req.query()).filter(([, v]) => v !== "");
      const filter = parse(caseFilter, Object.fromEntries(query));
      const pending = await cases.pendingTransfers(ctx(c));
      const counts = await cases.openCounts(ctx(c));
      return caseListPage(c, filter, await listCasesPage(ctx(c), filter), pending, counts);
    } catch (e) {
      return fail(c, e, "/staff/cases");
    }
  });

  const newCaseForm = async (
    c: StaffContext,
    kind: string,
    values: Record<string, unknown> = {},
    issues: { path: string; message: string }[] = [],
    duplicates: persons.PossibleDuplicate[] = [],
  ) =>
    newCasePage(
      c,
      kind,
      // The region's own municipalities first: offer what fits.
      await municipalityChoices(db, c.get("principal")?.regionId ?? null, langOf(c)),
      values,
      issues,
      duplicates,
    );

  router.get("/staff/cases/new", "case.create", (c) =>
    newCaseForm(c, c.req.query("kind") === "individual" ? "individual" : "consultation"),
  );

  router.post("/staff/cases/consultations", "case.create", async (c) => {
    const body = await formBody(c);
    try {
      const input = parse(consultationInput, {
        channel: str(body.channel),
        referringOrg: str(body.referringOrg),
        municipalityCode: str(body.municipalityCode),
        topic: str(body.topic),
        forms: list(body.forms),
        referredTo: str(body.referredTo),
        advice: opt(body.advice),
        contactOn: opt(body.contactOn),
        contactTime: opt(body.contactTime),
        contactMinutes: num(body.contactMinutes),
      });
      const { id } = await cases.createConsultation(ctx(c), input);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      return fail(c, e, "/staff/cases");
    }
  });

  router.post("/staff/cases/individual", "case.create", async (c) => {
    const body = await formBody(c);
    let person: IndividualInput["person"] | undefined;
    try {
      const input = parse(individualInput, {
        referringOrg: str(body.referringOrg),
        municipalityCode: str(body.municipalityCode),
        forms: list(body.forms),
        category: str(body.category),
        step: num(body.step),
        person: personOf(body),
      });
      person = input.person;
      // Possible duplicates first (persons/): the form comes back with them and a choice to make.
      const choice = str(body.duplicateChoice);
      if (!choice && input.person.name) {
        const found = await persons.findPossibleDuplicates(ctx(c), input.person);
        if (found.length) return newCaseForm(c, "individual", body, [], found);
      }
      const linkTo = choice && choice !== "new" ? choice : undefined;
      const { id } = await cases.createIndividualCase(ctx(c), input, linkTo);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      if (
        e instanceof ServiceError &&
        e.status === 400 &&
        person &&
        e.issues.some((i) => i.path === "duplicateChoice")
      )
        return newCaseForm(
          c,
          "individual",
          body,
          e.issues,
          await persons.findPossibleDuplicates(ctx(c), person),
        );
      return fail(c, e, "/staff/cases");
    }
  });

  router.get("/staff/cases/:id", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const k = await cases.getCase(ctx(c), id);
      const owners = k.status === "open" ? await cases.taskOwners(ctx(c), id) : [];
      // Sharing, revoking, closing and reopening are the owning region's; a joint partner works the case.
      const manage = mayShow(c.get("principal"), "case.manage", scopeOf(k.regionId, k.shares));
      // The person's other cases and the case's groups (persons/), each only as far as the user may read.
      const records = {
        others: k.person ? await persons.otherCasesOf(ctx(c), k.id, k.person.id) : [],
        ...(await persons.groupsOfCase(ctx(c), k.id)),
        mayWrite: mayShow(c.get("principal"), "case.write", scopeOf(k.regionId, k.shares)),
      };
      return casePage(c, k, await regions(), owners, manage, await municipalities(), records);
    } catch (e) {
      return fail(c, e, "/staff/cases");
    }
  });

  const action = (
    path: string,
    run: (c: StaffContext, id: string, body: Awaited<ReturnType<typeof formBody>>) => Promise<unknown>,
  ) =>
    router.post(`/staff/cases/:id/${path}`, "case.list", async (c) => {
      const id = c.req.param("id") as string;
      try {
        await run(c, id, await formBody(c));
        return c.redirect(`/staff/cases/${id}`, 303);
      } catch (e) {
        return fail(c, e, `/staff/cases/${id}`);
      }
    });

  action("step", (c, id, b) => cases.changeStep(ctx(c), id, parse(stepInput, { step: num(b.step) }).step));
  action("notes", (c, id, b) => cases.addNote(ctx(c), id, parse(noteInput, { body: str(b.body) }).body));
  action("tasks", (c, id, b) => {
    const t = parse(taskInput, {
      title: str(b.title),
      dueOn: str(b.dueOn),
      ownerId: str(b.ownerId) || undefined,
    });
    return cases.addTask(ctx(c), id, t.title, t.dueOn, t.ownerId);
  });
  router.post("/staff/cases/:id/tasks/:taskId/done", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      await cases.completeTask(ctx(c), id, c.req.param("taskId") as string);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });
  router.get("/staff/cases/:id/close", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      return closeConfirmPage(c, await cases.closingPreview(ctx(c), id));
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });
  router.post("/staff/cases/:id/close", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    const b = await formBody(c);
    try {
      const input = parse(closeInput, { reason: str(b.reason), confirmed: str(b.confirmed) ?? "" });
      await cases.closeCase(ctx(c), id, input);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      // What closing does changed since the page was shown: show it again, to confirm anew.
      if (e instanceof ServiceError && e.code === "closing-unconfirmed") {
        return closeConfirmPage(c, await cases.closingPreview(ctx(c), id), {
          reason: str(b.reason),
          changed: true,
        });
      }
      return fail(c, e, `/staff/cases/${id}`);
    }
  });
  action("reopen", (c, id, b) =>
    cases.reopenCase(ctx(c), id, parse(reopenInput, { reason: str(b.reason) }).reason),
  );
  action("shares", (c, id, b) => {
    // The transfer form, set apart on the page, names its region field apart too.
    const regionId = str(b.mode === "transfer" ? (b.transferRegionId ?? b.regionId) : b.regionId);
    const s = parse(shareInput, { regionId, mode: str(b.mode) });
    return cases.shareCase(ctx(c), id, s.regionId, s.mode);
  });
  action("child-care", (c, id, b) =>
    cases.recordChildCare(
      ctx(c),
      id,
      parse(childCareInput, {
        socialServicesCode: opt(b.socialServicesCode),
        guardianAppointed: str(b.guardianAppointed),
      }),
    ),
  );
  router.get("/staff/cases/:id/convert", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const k = await cases.getCase(ctx(c), id);
      if (k.kind !== "consultation") return c.redirect(`/staff/cases/${id}`, 303);
      return convertPage(c, k);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });
  router.post("/staff/cases/:id/convert", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    const body = await formBody(c);
    try {
      const input = parse(convertInput, {
        category: str(body.category),
        step: num(body.step),
        person: personOf(body),
      });
      await cases.convertToIndividual(ctx(c), id, input);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      if (e instanceof ServiceError && e.status === 400) {
        const k = await cases.getCase(ctx(c), id);
        return convertPage(c, k, body, e.issues);
      }
      return fail(c, e, `/staff/cases/${id}`);
    }
  });
  router.get("/staff/cases/:id/transfer", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const { ref, region } = await cases.transferPreview(ctx(c), id, c.req.query("transferRegionId") ?? "");
      return transferConfirmPage(c, { id, ref }, region);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });
  action("transfers/:transferId/withdraw", (c, id) =>
    cases.withdrawTransfer(ctx(c), id, c.req.param("transferId") as string),
  );
  router.get("/staff/cases/:id/transfers/:transferId", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const offer = await cases.transferOffer(ctx(c), id, c.req.param("transferId") as string);
      return transferOfferPage(c, offer);
    } catch (e) {
      return fail(c, e, "/staff/cases");
    }
  });
  for (const answer of ["accept", "decline"] as const)
    router.post(`/staff/cases/:id/transfers/:transferId/${answer}`, "case.list", async (c) => {
      const id = c.req.param("id") as string;
      try {
        await cases.answerTransfer(ctx(c), id, c.req.param("transferId") as string, answer);
        return c.redirect(answer === "accept" ? `/staff/cases/${id}` : "/staff/cases", 303);
      } catch (e) {
        return fail(c, e, "/staff/cases");
      }
    });
  router.post("/staff/cases/:id/shares/:shareId/revoke", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      await cases.revokeShare(ctx(c), id, c.req.param("shareId") as string);
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });

  router.post("/staff/cases/:id/attachments", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const body = await formBody(c);
      const file = body.file;
      if (!(file instanceof File))
        throw new ServiceError(400, "Choose a file.", [
          { path: "file", message: "no file was sent", code: "file-missing" },
        ]);
      await cases.addAttachment(ctx(c), id, {
        filename: file.name,
        mime: file.type,
        bytes: new Uint8Array(await file.arrayBuffer()),
      });
      return c.redirect(`/staff/cases/${id}`, 303);
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });

  router.get("/staff/cases/:id/attachments/:aid", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      const file = await cases.getAttachment(ctx(c), id, c.req.param("aid") as string);
      return c.body(new Uint8Array(file.bytes), 200, {
        "content-type": file.mime,
        "content-disposition": `attachment; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        "cache-control": "no-store",
      });
    } catch (e) {
      return fail(c, e, `/staff/cases/${id}`);
    }
  });

  router.get("/staff/cases/:id/history", "case.history", async (c) => {
    const id = c.req.param("id") as string;
    try {
      // A coordinator sees the history of cases they may read; the national team of any case.
      return caseHistoryPage(c, await cases.caseHistory(ctx(c), id));
    } catch (e) {
      return fail(c, e, "/staff");
    }
  });
}
