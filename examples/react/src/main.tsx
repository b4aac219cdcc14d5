import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import '../../shared/style.css'
import { createExampleClient } from '../../shared/createExampleClient'
import { App } from './App'

const client = createExampleClient()
createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
)
