import { mount } from 'svelte'
import '../../common/style.css'
import { createExampleClient } from '../../common/createExampleClient'
import App from './App.svelte'

const target = document.getElementById('app')
if (!target) throw new Error('index.html has no #app element')
mount(App, { target, props: { client: createExampleClient() } })
