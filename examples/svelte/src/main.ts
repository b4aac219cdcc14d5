import { mount } from 'svelte'
import '../../shared/style.css'
import { createExampleClient } from '../../shared/createExampleClient'
import App from './App.svelte'

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element')
mount(App, { target, props: { client: createExampleClient() } })
