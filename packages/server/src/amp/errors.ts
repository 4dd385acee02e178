import { ServiceError } from "../cases/errors.ts";

/** The coordinator cannot take IOM's decisions, whatever route they try (ADR 0028). */
export const iomDecides = () =>
  new ServiceError(
    403,
    "IOM decides ÅMP applications; the coordinator prepares and submits.",
    [],
    "amp-iom-decides",
  );
