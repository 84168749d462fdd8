/**
 * The LFB's own call-time categories (as they appear in the Incident records), for the form's pickers.
 * The model accepts other values too; an unknown one is treated as "other" by the feature builder.
 */
export const STOP_CODES_BY_GROUP: Readonly<Record<string, readonly string[]>> = {
  Fire: ['Primary Fire', 'Secondary Fire', 'Chimney Fire', 'Late Call'],
  'Special Service': ['Special Service'],
  'False Alarm': ['AFA', 'False alarm - Good intent', 'False alarm - Malicious'],
};

export const INCIDENT_GROUPS = Object.keys(STOP_CODES_BY_GROUP);

export const PROPERTY_TYPES_BY_CATEGORY: Readonly<Record<string, readonly string[]>> = {
  Dwelling: [
    'House - single occupancy',
    'Purpose Built Flats/Maisonettes - Up to 3 storeys',
    'Purpose Built Flats/Maisonettes - 4 to 9 storeys',
    'Purpose Built Flats/Maisonettes - 10 or more storeys',
    'Converted Flat/Maisonettes - 3 or more storeys',
    'Self contained Sheltered Housing',
  ],
  'Non Residential': [
    'Purpose built office',
    'Single shop',
    'Infant/Primary school',
    'Secondary school',
    'Restaurant/cafe',
    'Hospital',
  ],
  'Other Residential': [
    'Retirement/Old Persons Home',
    'Hotel/motel',
    'Hostel (e.g. for homeless people)',
    'Nursing/Care Home/Hospice',
    'Student Hall of Residence',
  ],
  'Road Vehicle': ['Car', 'Multiple Vehicles', 'Motorcycle', 'Van', 'Bus/coach', 'Lorry/HGV'],
  Outdoor: [
    'Road surface/pavement',
    'Domestic garden (vegetation not equipment)',
    'Loose refuse',
    'Park',
    'Tree scrub',
    'River/canal',
  ],
  'Outdoor Structure': [
    'Small refuse/rubbish container',
    'Wheelie bin (domestic size)',
    'Large refuse/rubbish container (eg skip/ paladin)',
    'Bridge',
    'Fence',
  ],
  'Rail Vehicle': ['Train on Tube network', 'Passenger Train (national rail network)'],
  Aircraft: ['Passenger plane'],
  Boat: ['Barge', 'Other vessel'],
};

export const PROPERTY_CATEGORIES = Object.keys(PROPERTY_TYPES_BY_CATEGORY);

export const PUMP_ORDERS = [1, 2, 3, 4, 5] as const;

export function pumpOrderLabel(order: number): string {
  const names = ['First', 'Second', 'Third', 'Fourth', 'Fifth'];
  return `${names[order - 1] ?? `#${order}`} pump`;
}
