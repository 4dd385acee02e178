/**
 * The fields of the Human Trafficking Case Data Standard 2.0 (IOM, 24 December 2021; CC BY 4.0:
 * © International Organization for Migration, used without implied endorsement), as listed in
 * its spreadsheet "HTCDS Field Standards 2.0": 84 fields, 40 of them Core. Names, statuses and
 * picklist values are the standard's, spelling included (`Unaquainted`).
 */

export type HtcdsSection =
  | "organisation"
  | "person"
  | "victim"
  | "perpetrator"
  | "case"
  | "referral"
  | "case-comment"
  | "historic-event"
  | "support-plan"
  | "consent";

export type HtcdsFieldType =
  | "text"
  | "long-text"
  | "number"
  | "date"
  | "checkbox"
  | "geolocation"
  | "lookup"
  | "picklist"
  | "multi-picklist"
  /** ISO 3166-1 alpha-2. */
  | "country"
  | "multi-country"
  /** ISO 639-2. */
  | "language";

export interface HtcdsField {
  name: string;
  section: HtcdsSection;
  core: boolean;
  status: "draft" | "deprecated";
  type: HtcdsFieldType;
  /** The value names of a picklist, in the standard's order. */
  values?: readonly string[];
}

export const HTCDS_VERSION = "2.0";

export const HTCDS_FIELDS: readonly HtcdsField[] = [
  { name: "org_Name", section: "organisation", core: false, status: "draft", type: "text" },
  { name: "org_ShippingCity", section: "organisation", core: false, status: "draft", type: "text" },
  { name: "org_ShippingCountry", section: "organisation", core: false, status: "draft", type: "country" },
  { name: "org_ShippingState", section: "organisation", core: false, status: "draft", type: "text" },
  { name: "org_ShippingStreet", section: "organisation", core: false, status: "draft", type: "text" },
  { name: "org_ShippingPostalCode", section: "organisation", core: false, status: "draft", type: "text" },
  {
    name: "org_ShippingLongitude",
    section: "organisation",
    core: false,
    status: "draft",
    type: "geolocation",
  },
  {
    name: "org_ShippingLatitude",
    section: "organisation",
    core: false,
    status: "draft",
    type: "geolocation",
  },
  { name: "org_Phone", section: "organisation", core: false, status: "draft", type: "text" },
  {
    name: "org_Type",
    section: "organisation",
    core: false,
    status: "draft",
    type: "picklist",
    values: [
      "NGO",
      "LawEnforcement",
      "HealthServiceOrganisation",
      "CentralGovernmentOrganisation",
      "LocalGovernmentOrganisation",
      "ImmigrationService",
      "LegalService",
      "CorporateBusiness",
      "SchoolOrCollege",
    ],
  },
  { name: "prs_Salutation", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_FirstName", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_MiddleName", section: "person", core: false, status: "draft", type: "text" },
  { name: "prs_SecondName", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_Birthdate", section: "person", core: true, status: "draft", type: "date" },
  {
    name: "prs_Gender",
    section: "person",
    core: true,
    status: "draft",
    type: "picklist",
    values: [
      "Feminine",
      "Masculine",
      "TransgenderFeminine",
      "TransgenderMasculine",
      "NonConforming",
      "NonSpecifiedUnknown",
    ],
  },
  { name: "prs_Deceased", section: "person", core: false, status: "draft", type: "checkbox" },
  {
    name: "prs_MaritalStatus",
    section: "person",
    core: false,
    status: "draft",
    type: "picklist",
    values: ["Single", "Married", "Widowed", "Divorced", "Separated", "RegisteredPartnership"],
  },
  { name: "prs_NumberOfChildren", section: "person", core: false, status: "draft", type: "number" },
  { name: "prs_PrimaryLanguage", section: "person", core: false, status: "draft", type: "language" },
  { name: "prs_SecondaryLanguage", section: "person", core: false, status: "draft", type: "language" },
  {
    name: "prs_HighestLevelOfEducation",
    section: "person",
    core: false,
    status: "draft",
    type: "picklist",
    values: [
      "EarlyChildhoodEducation",
      "PrimaryEducation",
      "LowerSecondaryEducation",
      "UpperSecondaryEducation",
      "PostSecondaryNonTertiaryEducation",
      "ShortCycleTertiaryEducation",
      "BachelorsOrEquivalentLevel",
      "MastersOrEquivalentLevel",
      "DoctoralOrEquivalentLevel",
    ],
  },
  { name: "prs_Citizenship", section: "person", core: true, status: "draft", type: "multi-country" },
  { name: "prs_IdentityNumber", section: "person", core: false, status: "draft", type: "text" },
  { name: "prs_Title", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_Email", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_HomePhone", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_MobilePhone", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_MailingCity", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_MailingCountry", section: "person", core: true, status: "draft", type: "country" },
  { name: "prs_MailingState", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_MailingStreet", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_MailingPostalCode", section: "person", core: true, status: "draft", type: "text" },
  { name: "prs_MailingLongitude", section: "person", core: false, status: "draft", type: "number" },
  { name: "prs_MailingLatitude", section: "person", core: false, status: "draft", type: "number" },
  {
    name: "vic_AgreementToManagePersonalData",
    section: "victim",
    core: false,
    status: "deprecated",
    type: "checkbox",
  },
  {
    name: "vic_TraffickingStatus",
    section: "victim",
    core: true,
    status: "draft",
    type: "picklist",
    values: ["PossibleVictimOfTrafficking", "ActualVictimOfTrafficking", "NotAVictimOfTrafficking"],
  },
  {
    name: "vic_TraffickingStatusDecisionMakingOrg",
    section: "victim",
    core: true,
    status: "draft",
    type: "picklist",
    values: ["Police", "NGO", "CourtOrProsecution", "NonPoliceGovernmentalOrganization", "Other"],
  },
  {
    name: "vic_RelationshipToTrafficker",
    section: "victim",
    core: false,
    status: "draft",
    type: "picklist",
    values: ["Familial", "Acquainted", "Unaquainted"],
  },
  { name: "vic_AgeWhenTrafficked", section: "victim", core: false, status: "draft", type: "number" },
  {
    name: "vic_RecruitmentWebsitesAndApps",
    section: "victim",
    core: false,
    status: "draft",
    type: "multi-picklist",
    values: [
      "Facebook",
      "Instagram",
      "WhatsApp",
      "Telegram",
      "FacebookMessenger",
      "Viber",
      "SnapChat",
      "Line",
      "4Sale",
      "WeChat",
      "QQ",
      "QZone",
      "TikTok",
      "Twitter",
      "Other",
    ],
  },
  {
    name: "vic_MethodOfRecruitment",
    section: "victim",
    core: true,
    status: "draft",
    type: "multi-picklist",
    values: [
      "AtAPlaceOfBusiness",
      "AtAnEducationalInstitution",
      "AtWork",
      "ThroughOnlineSocialNetworks",
      "ThroughAnOnlineAdvertisement",
      "ThroughATelevisionAdvert",
      "ThroughANewspaperAdvert",
      "ThroughFamilyOrFamilyEvents",
      "ThroughFriendsOrSocialEvents",
      "Other",
    ],
  },
  { name: "vic_LocationOfRecruitment", section: "victim", core: true, status: "draft", type: "lookup" },
  {
    name: "vic_MethodsOfControl",
    section: "victim",
    core: true,
    status: "draft",
    type: "multi-picklist",
    values: [
      "PhysicalThreats",
      "ThreatsLawEnforcement",
      "ThreatensChildrenFamily",
      "DebtBondage",
      "FalsePromises",
      "PhysicalAbuse",
      "SexualAbuse",
      "TakesEarnings",
      "RestrictsFinancialAccess",
      "RestrictsMedicalCare",
      "WithholdsNecessities",
      "PsychologicalAbuse",
      "PsychoactiveSubstance",
      "ExcessiveWorkingHours",
      "WithholdsDocuments",
      "Other",
    ],
  },
  {
    name: "vic_TypeOfExploitation",
    section: "victim",
    core: true,
    status: "draft",
    type: "multi-picklist",
    values: [
      "ForcedLabour",
      "SexualExploitation",
      "ChildLabour",
      "ForcedMarriage",
      "Servitude",
      "ForcedMilitaryByNonStateActors",
      "OrganRemoval",
      "ForcedBegging",
      "ForcedAdoption",
      "Surrogacy",
      "Other",
    ],
  },
  {
    name: "vic_ForcedLabourIndustry",
    section: "victim",
    core: true,
    status: "draft",
    type: "picklist",
    values: [
      "A_AgricultureForestryAndFishing",
      "B_MiningAndQuarrying",
      "C_Manufacturing",
      "D_ElectricityGasSteamAndAirConditioningSupply",
      "E_WaterSupplySewerageWasteManagement",
      "F_Construction",
      "G_WholesaleAndRetailTradeRepairOfMotorVehicles",
      "H_TransportationAndStorage",
      "I_AccommodationAndFoodServiceActivities",
      "J_InformationAndCommunication",
      "K_FinancialAndInsuranceActivities",
      "L_RealEstateActivities",
      "M_ProfessionalScientificAndTechnicalActivities",
      "N_AdministrativeAndSupportServiceActivities",
      "O_PublicAdministrationAndDefence",
      "P_Education",
      "Q_HumanHealthAndSocialWorkActivities",
      "R_ArtsEntertainmentAndRecreation",
      "S_OtherServiceActivities",
      "T_ActivitiesOfHouseholdsAsEmployers",
      "U_ActivitiesOfExtraterritorialOrganizations",
    ],
  },
  {
    name: "vic_TypeOfSexExploitation",
    section: "victim",
    core: true,
    status: "draft",
    type: "multi-picklist",
    values: ["Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices"],
  },
  { name: "vic_LocationOfExploitation", section: "victim", core: true, status: "draft", type: "lookup" },
  {
    name: "vic_ExploitationWebsitesAndApps",
    section: "victim",
    core: false,
    status: "draft",
    type: "multi-picklist",
    values: [
      "Facebook",
      "Instagram",
      "WhatsApp",
      "Telegram",
      "FacebookMessenger",
      "Viber",
      "SnapChat",
      "Line",
      "4Sale",
      "WeChat",
      "QQ",
      "QZone",
      "TikTok",
      "Twitter",
      "Other",
    ],
  },
  {
    name: "vic_Vulnerabilities",
    section: "victim",
    core: true,
    status: "deprecated",
    type: "multi-picklist",
    values: [
      "Addiction",
      "SocialGroup",
      "Discrimination",
      "Poverty",
      "DisabilityAndPhysicalHealth",
      "MentalHealth",
      "Migration",
      "Homelessness",
      "AbuseSocialMedia",
      "AbusePhysical",
      "Education",
      "WorkEnvironment",
    ],
  },
  {
    name: "vic_DetailsOfVulnerabilities",
    section: "victim",
    core: true,
    status: "deprecated",
    type: "long-text",
  },
  {
    name: "per_RoleInProcess",
    section: "perpetrator",
    core: false,
    status: "draft",
    type: "multi-picklist",
    values: [
      "TravellingPartner",
      "Transporter",
      "RecruiterOrIntermediary",
      "BrokerTravelAgent",
      "TransferredIndividual",
      "HarbouredIndividual",
      "SoldIndividual",
      "BoughtIndividual",
      "ReceivedIndividual",
      "ControlledIndividual",
      "Smuggler",
      "Abuser",
      "Kidnapper",
      "Exploiter",
      "Other",
    ],
  },
  { name: "per_RoleDetails", section: "perpetrator", core: false, status: "draft", type: "long-text" },
  { name: "per_Organisation", section: "perpetrator", core: false, status: "draft", type: "lookup" },
  {
    name: "cas_Status",
    section: "case",
    core: true,
    status: "draft",
    type: "picklist",
    values: ["Active", "FollowUp", "Closed", "ClosedReferred"],
  },
  { name: "cas_ReasonForCaseClosure", section: "case", core: true, status: "draft", type: "long-text" },
  { name: "cas_CaseOwner", section: "case", core: true, status: "draft", type: "lookup" },
  { name: "cas_ReferringOrganisation", section: "referral", core: true, status: "draft", type: "lookup" },
  { name: "cas_IncomingReferralDate", section: "referral", core: true, status: "draft", type: "date" },
  {
    name: "cas_ReferringPrimaryCaseWorker",
    section: "referral",
    core: true,
    status: "draft",
    type: "lookup",
  },
  {
    name: "cas_ReasonForIncomingReferral",
    section: "referral",
    core: true,
    status: "draft",
    type: "picklist",
    values: ["AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other"],
  },
  {
    name: "cas_IncomingReferralDetails",
    section: "referral",
    core: true,
    status: "draft",
    type: "long-text",
  },
  { name: "cas_ReferredOrganisation", section: "referral", core: true, status: "draft", type: "lookup" },
  { name: "cas_ReferredPrimaryCaseWorker", section: "referral", core: true, status: "draft", type: "lookup" },
  {
    name: "cas_ReasonForOutgoingReferral",
    section: "referral",
    core: true,
    status: "draft",
    type: "picklist",
    values: ["AdditionalServicesRequired", "MigrationOrChangeOfLocation", "Other"],
  },
  { name: "cas_OutgoingReferralDate", section: "referral", core: true, status: "draft", type: "date" },
  {
    name: "cas_OutgoingReferralDetails",
    section: "referral",
    core: true,
    status: "draft",
    type: "long-text",
  },
  { name: "cco_CaseComment", section: "case-comment", core: false, status: "draft", type: "long-text" },
  { name: "hte_Longitude", section: "historic-event", core: false, status: "draft", type: "geolocation" },
  { name: "hte_Latitude", section: "historic-event", core: false, status: "draft", type: "geolocation" },
  { name: "hte_City", section: "historic-event", core: false, status: "draft", type: "text" },
  { name: "hte_Country", section: "historic-event", core: false, status: "draft", type: "text" },
  { name: "hte_State", section: "historic-event", core: false, status: "draft", type: "text" },
  { name: "hte_Street", section: "historic-event", core: false, status: "draft", type: "text" },
  { name: "hte_PostalCode", section: "historic-event", core: false, status: "draft", type: "text" },
  { name: "hte_Date", section: "historic-event", core: false, status: "draft", type: "date" },
  {
    name: "hte_Type",
    section: "historic-event",
    core: false,
    status: "draft",
    type: "picklist",
    values: ["Recruitment", "Transit", "Exploitation"],
  },
  { name: "hte_Description", section: "historic-event", core: false, status: "draft", type: "long-text" },
  { name: "spl_Objectives", section: "support-plan", core: false, status: "draft", type: "long-text" },
  { name: "spl_ActionPlan", section: "support-plan", core: false, status: "draft", type: "long-text" },
  { name: "spl_PlannedEndDate", section: "support-plan", core: false, status: "draft", type: "date" },
  { name: "spl_ActualEndDate", section: "support-plan", core: false, status: "draft", type: "date" },
  {
    name: "spl_Type",
    section: "support-plan",
    core: false,
    status: "draft",
    type: "picklist",
    values: [
      "Education",
      "Financial",
      "Health",
      "LabourExploitationRehabilitation",
      "Legal",
      "Livelihood",
      "RightsBasedTraining",
      "SexualExploitationRehabilitation",
      "SocialCare",
    ],
  },
  { name: "con_Consent", section: "consent", core: true, status: "draft", type: "checkbox" },
];

const byName = new Map(HTCDS_FIELDS.map((f) => [f.name, f]));

/** The field of that name, or undefined for a name the standard does not have. */
export const htcdsField = (name: string): HtcdsField | undefined => byName.get(name);

/** The picklist of a field; throws for a field without one (a programming error). */
export function picklist(name: string): readonly string[] {
  const values = byName.get(name)?.values;
  if (values === undefined) throw new Error(`${name} has no picklist`);
  return values;
}
