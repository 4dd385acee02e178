/**
 * Groups of cases from one investigation, from the case page: a case is put in a new group, added
 * to one of the region's groups, or taken out of one. Thin: the persons service checks and audits.
 */

import { z } from "@hono/zod-openapi";
import type { Db } from "@stodkedjan/db";
import { html } from "hono/html";
import { ServiceError } from "../cases/errors.ts";
import { freeText } from "../cases/schemas.ts";
import type { KeyRing } from "../crypto/keyring.ts";
import { isUuid } from "../ids.ts";
import * as persons from "../persons/service.ts";
import { groupForms, personText } from "../persons/views.ts";
import { fail } from "./errors.ts";
import { formBody, parse, str } from "./forms.ts";
import { langOf } from "./i18n.ts";
import { csrfField, page, type StaffContext } from "./layout.ts";
import type { Router } from "./router.ts";

const groupInput = z.union([
  z.object({ groupId: z.string().refine(isUuid, "not a group id") }).strict(),
  z.object({ name: freeText(200).pipe(z.string().min(1)) }).strict(),
]);

export function mountPersons(router: Router, db: Db, keys: KeyRing) {
  const ctx = (c: StaffContext) => {
    const principal = c.get("principal");
    if (!principal) throw new ServiceError(403, "Not signed in");
    return { db, keys, principal };
  };
  const back = (id: string) => `/staff/cases/${id}#groups-h`;

  router.post("/staff/cases/:id/groups", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    const body = await formBody(c);
    const name = str(body.name);
    const groupId = str(body.groupId);
    try {
      const input = parse(groupInput, groupId !== undefined ? { groupId } : { name: name ?? "" });
      if ("groupId" in input) await persons.addToGroup(ctx(c), id, input.groupId);
      else await persons.createGroup(ctx(c), id, input.name);
      return c.redirect(back(id), 303);
    } catch (e) {
      if (!(e instanceof ServiceError) || e.status !== 400) return fail(c, e, back(id));
      // The form again, with what was typed and the message next to its field.
      const lang = langOf(c);
      const t = personText(lang);
      const { joinable } = await persons.groupsOfCase(ctx(c), id);
      const issues =
        groupId !== undefined ? [{ path: "groupId", message: "" }] : [{ path: "name", message: "" }];
      return page(
        c,
        t.groupPage,
        html`${groupForms(lang, id, csrfField(c), joinable, { name, groupId, issues })}<p><a href="${back(id)}">${t.back}</a></p>`,
        400,
      );
    }
  });

  router.post("/staff/cases/:id/groups/:groupId/remove", "case.list", async (c) => {
    const id = c.req.param("id") as string;
    try {
      await persons.removeFromGroup(ctx(c), id, c.req.param("groupId") as string);
      return c.redirect(back(id), 303);
    } catch (e) {
      return fail(c, e, back(id));
    }
  });
}
