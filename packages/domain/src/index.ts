export * from "./aid.ts";
export * from "./directory.ts";
export * from "./flat-rate.ts";
export * from "./guide.ts";
export * from "./office-hours.ts";
export * from "./referrals/index.ts";
export * from "./shelters.ts";
export * from "./template.ts";
