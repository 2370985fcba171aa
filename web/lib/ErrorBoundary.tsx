// Keeps one failing part of the screen from blanking the rest: it shows what failed and offers a retry.
import { Component, type ReactNode } from 'react'

interface Props {
  what: string
  children: ReactNode
}
interface State {
  error: Error | null
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null }

  static getDerivedStateFromError (error: Error): State {
    return { error }
  }

  override componentDidCatch (error: Error): void {
    console.error(`${this.props.what} failed`, error)
  }

  override render (): ReactNode {
    if (this.state.error === null) return this.props.children
    return (
      <div role='alert' className='panel error-boundary'>
        <p>
          <strong>The {this.props.what} stopped working.</strong> Everything else still works.
        </p>
        <p className='muted small'>{this.state.error.message}</p>
        <button type='button' onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    )
  }
}
