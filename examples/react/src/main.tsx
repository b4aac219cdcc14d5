import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '../../common/style.css'
import { createExampleClient } from '../../common/createExampleClient'
import { App } from './App'

const root = document.getElementById('app')
if (!root) throw new Error('index.html has no #app element')
const client = createExampleClient()
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
)
