import type { BulkAction, BulkKeyResult } from '@contract/schemas/bulk'

const TITLES: Record<BulkAction['kind'], string> = {
  rotate: 'Rotate',
  enable: 'Enable',
  disable: 'Disable',
  'set-rotation': 'Set the rotation policy of',
  'schedule-deletion': 'Schedule deletion of'
}

export function actionTitle(a: BulkAction, n: number): string {
  const policy =
    a.kind === 'set-rotation'
      ? a.keyRotationEnabled
        ? ` (every ${a.rotationPeriodInDays ?? '?'} days)`
        : ' (off)'
      : ''
  return `${TITLES[a.kind]} ${n} key${n === 1 ? '' : 's'}${policy}`
}

export function outcomeText(r: BulkKeyResult): string {
  switch (r.outcome) {
    case 'pending':
      return 'waiting'
    case 'running':
      return 'working…'
    case 'done':
      return r.confirmedByReread ? 'done (answer lost; confirmed by re-reading the key)' : 'done'
    case 'unchanged':
      return r.message ?? 'already as asked'
    case 'failed':
      return `failed: ${r.message ?? r.code ?? 'unknown error'}`
    case 'cancelled':
      return 'not started (cancelled)'
  }
}
