/** A shelter's answer to a placement, as a form or a partner system sends it. */
import { z } from "@hono/zod-openapi";
import { NSP_DECLINE_REASONS, NSP_EXIT_DESTINATIONS, NSP_EXTENSION_REASONS } from "@stodkedjan/domain";
import { day } from "../cases/schemas.ts";

export const PLACEMENT_ACTIONS = ["accept", "decline", "arrival", "exit", "extension"] as const;
export type PlacementAction = (typeof PLACEMENT_ACTIONS)[number];

export const placementAnswer = z
  .discriminatedUnion("action", [
    z.object({ action: z.literal("accept"), start: day }).strict(),
    z.object({ action: z.literal("decline"), reason: z.enum(NSP_DECLINE_REASONS) }).strict(),
    z.object({ action: z.literal("arrival"), arrivedOn: day }).strict(),
    z.object({ action: z.literal("exit"), end: day, exitTo: z.enum(NSP_EXIT_DESTINATIONS) }).strict(),
    z.object({ action: z.literal("extension"), reason: z.enum(NSP_EXTENSION_REASONS) }).strict(),
  ])
  .openapi("PlacementAnswer");
export type PlacementAnswer = z.infer<typeof placementAnswer>;
