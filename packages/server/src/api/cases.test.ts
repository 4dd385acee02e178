/** Tasks, closing and sharing a case over the JSON API: answers, problem details, scope, documentation. */

import { schema } from "@stodkedjan/db";
import { swedishToday } from "@stodkedjan/domain";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as cases from "../cases/service.ts";
import { decryptField } from "../crypto/fields.ts";
import { adultCaseInput, expectProblem, type TestApp, testApp, testTargets } from "../testing.ts";

const NO_SUCH_ID = "6f1d3c52-9b0e-4d7a-8c3f-2a5b1e9d0c47";

describe.each(testTargets())("case tasks, closing and sharing over the JSON API on %s", (target) => {
  let t: TestApp;
  let who: Awaited<ReturnType<TestApp["signIn"]>>;
  /** A coordinator of another region (Stockholm): the cases below are never shared with it. */
  let stranger: Awaited<ReturnType<TestApp["signIn"]>>;

  beforeAll(async () => {
    t = await testApp(target);
    who = await t.signIn("coordinator", "mitt");
    stranger = await t.signIn("coordinator", "stockholm");
  });
  afterAll(() => t?.close());

  const ctx = () => ({ db: t.db, keys: t.keys, principal: who.principal });
  /** A fresh open individual case of the coordinator's region. */
  const newCase = async () => (await cases.createIndividualCase(ctx(), adultCaseInput)).id;
  /** A POST with a JSON body, or with none (for the operations that take none). */
  const post = (path: string, body?: unknown, as: { cookie: string; csrf: string } = who) =>
    t.app.request(path, {
      method: "POST",
      headers: {
        cookie: as.cookie,
        "x-csrf-token": as.csrf,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  /** The case's row with its tasks and shares, to show that a refused request changed nothing. */
  const snapshot = async (caseId: string) => ({
    case: await t.db.select().from(schema.cases).where(eq(schema.cases.id, caseId)),
    tasks: await t.db.select().from(schema.tasks).where(eq(schema.tasks.caseId, caseId)),
    shares: await t.db.select().from(schema.caseShares).where(eq(schema.caseShares.caseId, caseId)),
  });
  /** Each request is refused with the status and leaves the case, its tasks and its shares as they were. */
  const refusedUnchanged = async (
    caseId: string,
    status: number,
    ...requests: (() => Response | Promise<Response>)[]
  ) => {
    const before = await snapshot(caseId);
    const problems = [];
    for (const request of requests) problems.push(await expectProblem(await request(), status));
    expect(await snapshot(caseId)).toEqual(before);
    return problems;
  };

  describe("POST /api/v1/cases/{id}/tasks", () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await newCase();
    });

    it("adds a task (201 {id}), its title encrypted, owned by whoever adds it or by the owner named", async () => {
      const res = await post(`/api/v1/cases/${caseId}/tasks`, {
        title: "  Ring socialtjänsten ",
        dueOn: "2030-01-15",
      });
      expect(res.status).toBe(201);
      const { id, ...rest } = (await res.json()) as { id: string };
      expect(rest).toEqual({});
      const [row] = await t.db.select().from(schema.tasks).where(eq(schema.tasks.id, id));
      expect(row).toMatchObject({ caseId, dueOn: "2030-01-15", ownerId: who.principal.id, doneAt: null });
      expect(row?.titleEnc).not.toContain("Ring");
      expect(decryptField(t.keys, row?.titleEnc ?? "", `tasks.title:${id}`)).toBe("Ring socialtjänsten");

      const named = await post(`/api/v1/cases/${caseId}/tasks`, {
        title: "Boka tolk",
        dueOn: "2030-02-01",
        ownerId: who.principal.id,
      });
      expect(named.status).toBe(201);
    });

    it("refuses bad input with 400 problem details and adds nothing", async () => {
      const url = `/api/v1/cases/${caseId}/tasks`;
      const [, , , , owner] = await refusedUnchanged(
        caseId,
        400,
        () => post(url, { dueOn: "2030-01-15" }),
        () => post(url, { title: "   ", dueOn: "2030-01-15" }),
        () => post(url, { title: "Ring", dueOn: "2030-02-30" }),
        () => post(url, { title: "Ring", dueOn: "2030-01-15", done: true }),
        // Another region's coordinator does not work this case.
        () => post(url, { title: "Ring", dueOn: "2030-01-15", ownerId: stranger.principal.id }),
      );
      expect(owner?.errors?.map((e) => e.path)).toEqual(["ownerId"]);
    });

    it("answers 404 to another region's coordinator, and to a case that does not exist, adding nothing", async () => {
      const body = { title: "Ring", dueOn: "2030-01-15" };
      await refusedUnchanged(
        caseId,
        404,
        () => post(`/api/v1/cases/${caseId}/tasks`, body, stranger),
        () => post(`/api/v1/cases/${NO_SUCH_ID}/tasks`, body),
      );
    });
  });

  describe("POST /api/v1/cases/{id}/tasks/{taskId}/done", () => {
    let caseId: string;
    let taskId: string;
    let otherCase: string;
    let otherTask: string;
    beforeAll(async () => {
      caseId = await newCase();
      ({ id: taskId } = await cases.addTask(ctx(), caseId, "Ring", "2030-01-15"));
      otherCase = await newCase();
      ({ id: otherTask } = await cases.addTask(ctx(), otherCase, "Ring", "2030-01-15"));
    });
    const task = async (id: string) =>
      (await t.db.select().from(schema.tasks).where(eq(schema.tasks.id, id)))[0];

    it("answers 404 to another region's coordinator, and changes nothing", async () => {
      await refusedUnchanged(caseId, 404, () =>
        post(`/api/v1/cases/${caseId}/tasks/${taskId}/done`, undefined, stranger),
      );
      expect((await task(taskId))?.doneAt).toBeNull();
    });

    it("answers 404 to a task the case does not have, and 400 to an id that is no uuid, changing nothing", async () => {
      await refusedUnchanged(
        caseId,
        404,
        () => post(`/api/v1/cases/${caseId}/tasks/${NO_SUCH_ID}/done`),
        () => post(`/api/v1/cases/${caseId}/tasks/${otherTask}/done`),
        () => post(`/api/v1/cases/${otherCase}/tasks/${taskId}/done`),
        () => post(`/api/v1/cases/${NO_SUCH_ID}/tasks/${taskId}/done`),
      );
      await refusedUnchanged(caseId, 400, () => post(`/api/v1/cases/${caseId}/tasks/not-a-task/done`));
      expect((await task(taskId))?.doneAt).toBeNull();
      expect((await task(otherTask))?.doneAt).toBeNull();
    });

    it("marks the task done (200 {ok:true}), without a body; again, it stays done", async () => {
      const res = await post(`/api/v1/cases/${caseId}/tasks/${taskId}/done`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect((await task(taskId))?.doneAt).toBeInstanceOf(Date);
      const again = await post(`/api/v1/cases/${caseId}/tasks/${taskId}/done`, {});
      expect(again.status).toBe(200);
      expect((await task(taskId))?.doneAt).toBeInstanceOf(Date);
      expect((await task(otherTask))?.doneAt).toBeNull();
    });
  });

  describe("POST /api/v1/cases/{id}/close", () => {
    let caseId: string;
    beforeAll(async () => {
      caseId = await newCase();
    });

    it("refuses bad input with 400 problem details and leaves the case open", async () => {
      const url = `/api/v1/cases/${caseId}/close`;
      const [reason] = await refusedUnchanged(
        caseId,
        400,
        () => post(url, { reason: "tired" }),
        () => post(url, {}),
        () => post(url, { reason: "moved", closedOn: "1899-12-31" }),
        () => post(url, { reason: "moved", status: "closed" }),
      );
      expect(reason?.errors?.map((e) => e.path)).toEqual(["reason"]);
      expect((await snapshot(caseId)).case[0]?.status).toBe("open");
    });

    it("answers 404 to another region's coordinator, and leaves the case open", async () => {
      await refusedUnchanged(caseId, 404, () =>
        post(`/api/v1/cases/${caseId}/close`, { reason: "moved" }, stranger),
      );
    });

    it("closes the case (200 {ok:true}) with its reason and day; closing it again is a 409", async () => {
      const res = await post(`/api/v1/cases/${caseId}/close`, {
        reason: "support-completed",
        closedOn: "2026-01-31",
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect((await snapshot(caseId)).case[0]).toMatchObject({
        status: "closed",
        closedOn: "2026-01-31",
        closeReason: "support-completed",
      });
      await refusedUnchanged(caseId, 409, () => post(`/api/v1/cases/${caseId}/close`, { reason: "moved" }));
    });

    it("closes on today's date when no day is given", async () => {
      const other = await newCase();
      const res = await post(`/api/v1/cases/${other}/close`, { reason: "no-contact" });
      expect(res.status).toBe(200);
      expect((await snapshot(other)).case[0]?.closedOn).toBe(swedishToday());
    });
  });

  describe("POST /api/v1/cases/{id}/shares and /shares/{shareId}/revoke", () => {
    let caseId: string;
    let shareId: string;
    beforeAll(async () => {
      caseId = await newCase();
    });

    it("refuses bad input with 400 problem details and shares nothing", async () => {
      const url = `/api/v1/cases/${caseId}/shares`;
      const [own, unknown] = await refusedUnchanged(
        caseId,
        400,
        () => post(url, { regionId: "mitt", mode: "joint" }),
        () => post(url, { regionId: "atlantis", mode: "joint" }),
        () => post(url, { regionId: "nord", mode: "forever" }),
        () => post(url, { regionId: "Nord", mode: "joint" }),
        () => post(url, { regionId: "nord", mode: "joint", revokedAt: null }),
      );
      expect(own?.errors?.map((e) => e.path)).toEqual(["regionId"]);
      expect(unknown?.errors?.map((e) => e.path)).toEqual(["regionId"]);
    });

    it("answers 404 to another region's coordinator, and shares nothing", async () => {
      await refusedUnchanged(
        caseId,
        404,
        () => post(`/api/v1/cases/${caseId}/shares`, { regionId: "nord", mode: "joint" }, stranger),
        () => post(`/api/v1/cases/${NO_SUCH_ID}/shares`, { regionId: "nord", mode: "joint" }),
      );
    });

    it("shares the case (201 {id}); the same region again is a 409", async () => {
      const res = await post(`/api/v1/cases/${caseId}/shares`, { regionId: "nord", mode: "joint" });
      expect(res.status).toBe(201);
      const body = (await res.json()) as { id: string };
      expect(Object.keys(body)).toEqual(["id"]);
      shareId = body.id;
      expect((await snapshot(caseId)).shares).toEqual([
        expect.objectContaining({ id: shareId, regionId: "nord", mode: "joint", revokedAt: null }),
      ]);
      await refusedUnchanged(
        caseId,
        409,
        () => post(`/api/v1/cases/${caseId}/shares`, { regionId: "nord", mode: "joint" }),
        () => post(`/api/v1/cases/${caseId}/shares`, { regionId: "nord", mode: "transfer" }),
      );
    });

    it("asks another region to take a case over (201 {id}): it stays with the sender until accepted", async () => {
      const moved = await newCase();
      const res = await post(`/api/v1/cases/${moved}/shares`, { regionId: "nord", mode: "transfer" });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      // A pending transfer (ADR 0021), not yet a share: the case is still the sender's.
      expect((await snapshot(moved)).shares).toEqual([]);
      const [pending] = await t.db.select().from(schema.caseTransfers).where(eq(schema.caseTransfers.id, id));
      expect(pending).toMatchObject({ caseId: moved, toRegionId: "nord", state: "pending" });
      expect((await cases.getCase(ctx(), moved)).pendingTransfer?.id).toBe(id);
      await refusedUnchanged(moved, 404, () => post(`/api/v1/cases/${moved}/shares/${id}/revoke`));
    });

    it("revoke: answers 404 to another region's coordinator, a share the case lacks, and 400 to a bad id, changing nothing", async () => {
      const otherCase = await newCase();
      const { id: otherShare } = await cases.shareCase(ctx(), otherCase, "nord", "joint");
      await refusedUnchanged(
        caseId,
        404,
        () => post(`/api/v1/cases/${caseId}/shares/${shareId}/revoke`, undefined, stranger),
        () => post(`/api/v1/cases/${caseId}/shares/${NO_SUCH_ID}/revoke`),
        () => post(`/api/v1/cases/${caseId}/shares/${otherShare}/revoke`),
        () => post(`/api/v1/cases/${otherCase}/shares/${shareId}/revoke`),
      );
      await refusedUnchanged(caseId, 400, () => post(`/api/v1/cases/${caseId}/shares/x/revoke`));
      expect((await snapshot(otherCase)).shares[0]?.revokedAt).toBeNull();
    });

    it("revokes the share (200 {ok:true}), without a body; revoking it again is a 404", async () => {
      const res = await post(`/api/v1/cases/${caseId}/shares/${shareId}/revoke`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ ok: true });
      expect((await snapshot(caseId)).shares).toEqual([
        expect.objectContaining({ id: shareId, revokedAt: expect.any(Date), revokedBy: who.principal.id }),
      ]);
      await refusedUnchanged(caseId, 404, () => post(`/api/v1/cases/${caseId}/shares/${shareId}/revoke`));
      // Now the case can be shared with that region again.
      expect((await post(`/api/v1/cases/${caseId}/shares`, { regionId: "nord", mode: "joint" })).status).toBe(
        201,
      );
    });
  });

  describe("transfers: GET /api/v1/transfers, POST …/transfers/{transferId}/accept|decline|withdraw", () => {
    /** A coordinator of the receiving region (Nord). */
    let nord: Awaited<ReturnType<TestApp["signIn"]>>;
    beforeAll(async () => {
      nord = await t.signIn("coordinator", "nord");
    });
    const offer = async () => {
      const caseId = await newCase();
      const { id } = await cases.requestTransfer(ctx(), caseId, "nord");
      return { caseId, transferId: id };
    };
    const transferState = async (id: string) =>
      (await t.db.select().from(schema.caseTransfers).where(eq(schema.caseTransfers.id, id)))[0]?.state;

    it("lists the transfer for both regions: incoming for the receiver, outgoing for the sender", async () => {
      const { caseId, transferId } = await offer();
      const mine = (await (
        await t.app.request("/api/v1/transfers", { headers: { cookie: who.cookie } })
      ).json()) as {
        incoming: { id: string }[];
        outgoing: { id: string; caseId: string; toRegionId: string }[];
      };
      expect(mine.outgoing).toContainEqual(
        expect.objectContaining({ id: transferId, caseId, toRegionId: "nord" }),
      );
      expect(mine.incoming.map((r) => r.id)).not.toContain(transferId);
      const theirs = (await (
        await t.app.request("/api/v1/transfers", { headers: { cookie: nord.cookie } })
      ).json()) as {
        incoming: { id: string; requestedAt: string }[];
      };
      expect(theirs.incoming).toContainEqual(
        expect.objectContaining({
          id: transferId,
          requestedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        }),
      );
    });

    it("the receiver accepts (200 {shareId}): its region owns the case; a second answer finds nothing waiting (404)", async () => {
      const { caseId, transferId } = await offer();
      const res = await post(`/api/v1/cases/${caseId}/transfers/${transferId}/accept`, undefined, nord);
      expect(res.status).toBe(200);
      const { shareId } = (await res.json()) as { shareId: string };
      expect((await snapshot(caseId)).shares).toEqual([
        expect.objectContaining({ id: shareId, regionId: "nord", mode: "transfer", revokedAt: null }),
      ]);
      expect(await transferState(transferId)).toBe("accepted");
      await refusedUnchanged(
        caseId,
        404,
        () => post(`/api/v1/cases/${caseId}/transfers/${transferId}/accept`, undefined, nord),
        () => post(`/api/v1/cases/${caseId}/transfers/${transferId}/decline`, undefined, nord),
      );
    });

    it("the receiver declines (200 {shareId:null}): the case stays with the sender", async () => {
      const { caseId, transferId } = await offer();
      const res = await post(`/api/v1/cases/${caseId}/transfers/${transferId}/decline`, undefined, nord);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ shareId: null });
      expect(await transferState(transferId)).toBe("declined");
      expect((await snapshot(caseId)).shares).toEqual([]);
      expect((await cases.getCase(ctx(), caseId)).pendingTransfer).toBeNull();
    });

    it("only the receiving region answers (404 to the sender and to a stranger), the sender withdraws, nothing else changes", async () => {
      const { caseId, transferId } = await offer();
      await refusedUnchanged(
        caseId,
        404,
        () => post(`/api/v1/cases/${caseId}/transfers/${transferId}/accept`),
        () => post(`/api/v1/cases/${caseId}/transfers/${transferId}/accept`, undefined, stranger),
        () => post(`/api/v1/cases/${caseId}/transfers/${transferId}/decline`, undefined, stranger),
        () => post(`/api/v1/cases/${caseId}/transfers/${NO_SUCH_ID}/accept`, undefined, nord),
        () => post(`/api/v1/cases/${caseId}/transfers/${transferId}/withdraw`, undefined, nord),
      );
      await refusedUnchanged(caseId, 400, () =>
        post(`/api/v1/cases/${caseId}/transfers/x/accept`, undefined, nord),
      );
      expect(await transferState(transferId)).toBe("pending");
      const res = await post(`/api/v1/cases/${caseId}/transfers/${transferId}/withdraw`);
      expect(res.status).toBe(200);
      expect(await transferState(transferId)).toBe("withdrawn");
      await refusedUnchanged(
        caseId,
        404,
        () => post(`/api/v1/cases/${caseId}/transfers/${transferId}/accept`, undefined, nord),
        () => post(`/api/v1/cases/${caseId}/transfers/${transferId}/withdraw`),
      );
    });
  });

  describe("POST /api/v1/persons/duplicates, and a new case linked to a person found", () => {
    const person = { gender: "woman", birthYear: 1990, citizenship: "RO" } as const;
    it("finds a person in the region by a matching name and the coded fields, and links a new case to them", async () => {
      const first = await cases.createIndividualCase(ctx(), {
        ...adultCaseInput,
        person: { ...adultCaseInput.person, ...person, ageGroup: "adult", name: "Ana Maria Popescu" },
      });
      const res = await post("/api/v1/persons/duplicates", { ...person, name: "popescu ana" });
      expect(res.status).toBe(200);
      const found = (await res.json()) as { personId: string; name: string; cases: { id: string }[] }[];
      expect(found).toEqual([
        expect.objectContaining({
          personId: first.personId,
          name: "Ana Maria Popescu",
          cases: [expect.objectContaining({ id: first.id })],
        }),
      ]);
      // Another birth year, another name, or another region's coordinator: nothing.
      for (const [body, as] of [
        [{ ...person, birthYear: 1980, name: "Ana Popescu" }, who],
        [{ ...person, name: "Elena Ionescu" }, who],
        [{ ...person, name: "Ana Popescu" }, stranger],
      ] as const) {
        const other = await post("/api/v1/persons/duplicates", body, as);
        expect(other.status).toBe(200);
        expect(await other.json()).toEqual([]);
      }
      const linked = await post("/api/v1/cases/individual", {
        referringOrg: "police",
        municipalityCode: "0380",
        forms: ["labour"],
        category: "trafficking",
        person: { ageGroup: "adult", gender: "woman" },
        linkPersonId: first.personId,
      });
      expect(linked.status).toBe(201);
      expect(await linked.json()).toMatchObject({ personId: first.personId });
    });

    it("refuses bad input with 400 problem details, and roles without case access", async () => {
      await expectProblem(await post("/api/v1/persons/duplicates", { gender: "x" }), 400);
      await expectProblem(await post("/api/v1/persons/duplicates", { ...person, name: "A", extra: 1 }), 400);
      const national = await t.signIn("national");
      expect((await post("/api/v1/persons/duplicates", person, national)).status).toBe(403);
    });
  });

  it("is documented in the OpenAPI document: each operation, with request bodies where it takes one", async () => {
    const doc = (await (await t.app.request("/api/openapi.json")).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            summary?: string;
            requestBody?: { content: Record<string, unknown> };
            responses: Record<string, unknown>;
          }
        >
      >;
    };
    const ops = {
      "/api/v1/cases/{id}/tasks": ["201", true],
      "/api/v1/cases/{id}/tasks/{taskId}/done": ["200", false],
      "/api/v1/cases/{id}/close": ["200", true],
      "/api/v1/cases/{id}/shares": ["201", true],
      "/api/v1/cases/{id}/shares/{shareId}/revoke": ["200", false],
      "/api/v1/cases/{id}/transfers/{transferId}/accept": ["200", false],
      "/api/v1/cases/{id}/transfers/{transferId}/decline": ["200", false],
      "/api/v1/cases/{id}/transfers/{transferId}/withdraw": ["200", false],
      "/api/v1/persons/duplicates": ["200", true],
    } as const;
    for (const [path, [ok, hasBody]] of Object.entries(ops)) {
      const op = doc.paths[path]?.post;
      expect(op, path).toBeDefined();
      expect(op?.summary, path).toEqual(expect.any(String));
      expect(Object.keys(op?.responses ?? {}).sort(), path).toEqual(
        [ok, "400", "401", "403", "404", "409"].sort(),
      );
      expect(op?.requestBody?.content["application/json"] !== undefined, path).toBe(hasBody);
    }
  });
});
