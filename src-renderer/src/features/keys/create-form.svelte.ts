import type { AppError } from '@contract/errors'
import type { KeyType } from '@contract/schemas/key-types'
import type { CreateKeyRequest } from '@contract/schemas/kms'
import { DEFAULT_ROTATION_DAYS, rotationByDefault } from './wizard/purposes'
import { descriptionError, nameError, pairErrors, pairsToMap, periodError, type Pair } from './validation'

type CreateBody = Omit<CreateKeyRequest, 'importKeyMaterial' | 'hashFunction' | 'allowRotation'>

/** The create wizard's form: values, inline errors (local and from the server) and the request. */
export class CreateKeyForm {
  step = $state<1 | 2 | 3>(1)
  keyType = $state<KeyType>('aes256-gcm96')
  /** The user's own rotation choice; until they make one, the type's default applies. */
  #rotationChoice = $state<boolean | undefined>()
  name = $state('')
  description = $state('')
  labels = $state<Pair[]>([])
  annotations = $state<Pair[]>([])
  period = $state(DEFAULT_ROTATION_DAYS)
  exportAllowed = $state(false)
  /** Set after a submit attempt so errors do not shout while the user is still typing. */
  touched = $state(false)
  server = $state<AppError | undefined>()

  errors = $derived({
    name: nameError(this.name),
    description: descriptionError(this.description),
    period: this.rotation ? periodError(this.period) : undefined,
    labels: pairErrors(this.labels).find((e) => e !== undefined),
    annotations: pairErrors(this.annotations).find((e) => e !== undefined)
  })
  valid = $derived(Object.values(this.errors).every((e) => e === undefined))

  get rotation(): boolean {
    return this.#rotationChoice ?? rotationByDefault(this.keyType)
  }
  set rotation(on: boolean) {
    this.#rotationChoice = on
  }

  /** The server's answer for one field (e.g. 409 duplicate slug → name), cleared when the field is edited. */
  serverError(field: string): string | undefined {
    return this.server?.field === field ? this.server.message : undefined
  }

  body(): CreateBody {
    const labels = pairsToMap(this.labels)
    const annotations = pairsToMap(this.annotations)
    return {
      name: this.name.trim(),
      keyType: this.keyType,
      ...(this.description.trim() ? { description: this.description.trim() } : {}),
      ...(labels ? { labels } : {}),
      ...(annotations ? { annotations } : {}),
      ...(this.exportAllowed ? { exportAllowed: true } : {}),
      ...(this.rotation ? { keyRotationEnabled: true, rotationPeriodInDays: this.period } : {})
    }
  }
}
