/**
 * The way into core/licences: the Licences view's reads (SKUs with service plans, direct or group-based holdings),
 * its figures (holders and waste per SKU, overlap from service plans, paid or free), cost from entered prices,
 * reclaim as a reviewed plan, and its workbook.
 */
export type {
  IAssignment, IAssignmentIndex, ICostModel, ICurrencyTotal, ILicenceModel, ILicenceSku, IMoney, IServicePlan, ISkuCost, ISkuPrice, ISkuUsage,
  IWasteAvailability, IWasteList, WasteKind
} from './types';
export { ASSIGNMENTS_PATH, assignmentText, readAssignments, readGroupNames, toAssignments } from './assignments';
export { SAVING_KINDS, buildCostModel, formatMoney, priceProblem, pricesByKey, savingHolders } from './cost';
export { FREE_NOT_WASTE, INACTIVE_DAYS, WASTE_KINDS, WASTE_LABEL, assignmentOf, buildLicenceModel, daysBefore, overlapOf, wasteAvailability } from './model';
export type { ILicenceInputs } from './model';
export { OVERLAP_SHARE, countedPlans, coveringSkus, planShare } from './overlap';
export { parsePriceFile } from './priceFile';
export { readCurrencyText, readPriceInput, readPriceText } from './priceText';
export type { CurrencyTextResult, PriceTextResult } from './priceText';
export type { IPriceFileResult } from './priceFile';
export { LicencesRead, loadLicences } from './read';
export type { ILicencesState, ILoadLicencesOptions } from './read';
export { buildReclaimPlan, reclaimPeople } from './reclaim';
export type { IReclaimPerson } from './reclaim';
export { LICENCE_SKU_SELECT, freeReason, isCountedPlan, isFreePlan, readLicenceSkus, toLicenceSku } from './skus';
export { costSheet, holdersSheet, licencesFileName, licencesSheets, notesSheet, skusSheet, wasteSheet } from './sheets';
