import { mount } from 'svelte'
import '../../shared/style.css'
import { createExampleClient } from '../../shared/createExampleClient'
import App from './App.svelte'

mount(App, { target: document.getElementById('app')!, props: { client: createExampleClient() } })
