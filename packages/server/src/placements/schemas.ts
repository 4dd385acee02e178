/** A shelter's answer to a placement, as a form or a partner system sends it. */
import { z } from "@hono/zod-openapi";
import { NSP_DECLINE_REASONS, NSP_EXIT_DESTINATIONS, NSP_EXTENSION_REASONS } from "@stodkedjan/domain";
import { day } from "../cases/schemas.ts";

export const PLACEMENT_ACTIONS = ["accept", "decline", "arrival", "exit", "extension"] as const;
export type PlacementAction = (typeof PLACEMENT_ACTIONS)[number];

/**
 * The status the answer was given on (the form carries the status it showed): when someone else
 * answered in between, the answer is refused with 409 rather than applied to a placement its
 * author did not see.
 */
const seen = z.string().max(40).optional();

export const placementAnswer = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("accept"), start: day, seen }).strict(),
    z.object({ action: z.literal("decline"), reason: z.enum(NSP_DECLINE_REASONS), seen }).strict(),
    z.object({ action: z.literal("arrival"), arrivedOn: day, seen }).strict(),
    z.object({ action: z.literal("exit"), end: day, exitTo: z.enum(NSP_EXIT_DESTINATIONS), seen }).strict(),
    z.object({ action: z.literal("extension"), reason: z.enum(NSP_EXTENSION_REASONS), seen }).strict(),
  ])
  .openapi("PlacementAnswer");
export type PlacementAnswer = z.infer<typeof placementAnswer>;
