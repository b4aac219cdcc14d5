import { memoryStorage } from '../../src/storage/memoryStorage'
import { describeStorageContract } from './storageContract'

describeStorageContract('memoryStorage', () => memoryStorage())
