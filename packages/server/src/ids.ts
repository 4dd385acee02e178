/** Row ids are UUIDs; anything else in a path can never name a row and is not sent to the database. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isUuid = (id: string): boolean => UUID.test(id);

/** A shelter's id is a slug chosen by the national team, not a UUID. */
export const isSlug = (id: string): boolean => /^[a-z0-9-]{1,100}$/.test(id);

/** An enrolment link's secret: 32 random bytes, base64url. */
export const isEnrolmentSecret = (secret: string): boolean => /^[\w-]{43}$/.test(secret);

/**
 * The form of every parameter name a route path may use. The router checks each path parameter
 * against it before any handler (or the database) sees it, and refuses at start a route with a
 * parameter that is not listed here.
 */
export const PATH_PARAMS: Readonly<Record<string, (value: string) => boolean>> = {
  id: isUuid,
  taskId: isUuid,
  shareId: isUuid,
  transferId: isUuid,
  rid: isUuid,
  /** A placement (an NSP placement referral) as its shelter addresses it. */
  pid: isUuid,
  aid: isUuid,
  groupId: isUuid,
  shelterId: isSlug,
  /** A certification criterion: built in (`needs-assessment`) or added (`c-` and a slug). */
  criterionId: isSlug,
  secret: isEnrolmentSecret,
};
